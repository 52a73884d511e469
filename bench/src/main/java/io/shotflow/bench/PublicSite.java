package io.shotflow.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shotflow.asset.AssetStore;
import io.shotflow.media.AssetRef;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The stack's public address as a provider sees it ({@code shotflow.public-url}), standing where a production
 * deployment has its edge: input assets are served straight from the asset store (the API's own asset route wants a
 * bearer token a provider does not have), webhooks are passed to the API unchanged.
 */
final class PublicSite implements AutoCloseable {

  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private volatile BenchStack stack;

  PublicSite() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/assets/", this::asset);
    server.createContext("/api/webhooks/", this::webhook);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** From now on requests go to {@code stack}. */
  void serve(BenchStack stack) {
    this.stack = stack;
  }

  private void asset(HttpExchange exchange) throws IOException {
    try (exchange) {
      String id = exchange.getRequestURI().getPath().substring("/api/assets/".length());
      AssetStore store = stack == null ? null : stack.assets();
      if (store == null || !store.exists(id)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      Path file = store.path(id);
      exchange.getResponseHeaders().set("Content-Type", AssetRef.fromUri(AssetRef.SCHEME + id).contentType());
      exchange.sendResponseHeaders(200, Files.size(file));
      try (OutputStream out = exchange.getResponseBody()) {
        Files.copy(file, out);
      }
    }
  }

  private void webhook(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (stack == null) {
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(stack.baseUrl() + exchange.getRequestURI()))
          .POST(HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        if (!RESTRICTED.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
          header.getValue().forEach(value -> forward.header(header.getKey(), value));
        }
      }
      HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
      if (answer.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer.body());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while passing a webhook on", e);
    }
  }

  /** Headers the JDK client sets itself. */
  private static final java.util.Set<String> RESTRICTED =
      java.util.Set.of("connection", "content-length", "expect", "host", "upgrade");

  @Override
  public void close() {
    server.stop(0);
  }
}
