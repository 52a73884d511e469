package io.shotflow.emulator.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** The HTTP plumbing every emulator shares: a JDK server on 127.0.0.1, JSON answers, file downloads. */
public final class EmulatorHttp {

  /** The emulators' one mapper: they speak the providers' JSON, built as trees, never the application's. */
  public static final ObjectMapper JSON = new ObjectMapper();

  /** The emulators' one client: fetching inputs by URL and posting webhooks to the API under test. */
  public static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private EmulatorHttp() {}

  /** Starts a server on 127.0.0.1:{@code port} (0 picks a free port) that hands every request to {@code handler}. */
  public static Started start(String name, int port, HttpHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, name + "-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    AtomicLong served = new AtomicLong();
    server.createContext("/", exchange -> {
      if (!exchange.getRequestURI().getPath().startsWith("/emulator/")) {
        served.incrementAndGet();
      }
      try (exchange) {
        handler.handle(exchange);
      } catch (RuntimeException e) {
        sendJson(exchange, 500, JSON.createObjectNode().put("error", "emulator error: " + e.getMessage()));
      }
    });
    server.start();
    return new Started(server, executor, served);
  }

  /** A running server; {@link #stop()} ends it at once. {@code served} counts the provider API's requests. */
  public record Started(HttpServer server, ExecutorService executor, AtomicLong served) {

    public String baseUrl() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** HTTP requests received so far, downloads included, the emulator's own admin routes not. */
    public long requests() {
      return served.get();
    }

    public void stop() {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  public static byte[] body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  public static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
  }

  public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** A body that is not JSON, for the "malformed answer" fault. */
  /**
   * A gateway's 502 in front of the provider, as nginx or a CDN answers it (HTML, not the provider's JSON): used after
   * the job was accepted, for an answer the gateway lost.
   */
  public static void sendGatewayError(HttpExchange exchange) throws IOException {
    send(exchange, 502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway"
        .concat("</h1></center></body></html>").getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static void sendMalformed(HttpExchange exchange) throws IOException {
    send(exchange, 200, "application/json", "{\"code\":0,\"data\":{\"task_id\":".getBytes(StandardCharsets.UTF_8));
  }

  public static void sendFile(HttpExchange exchange, Path file, String contentType) throws IOException {
    sendFile(exchange, file, contentType, null);
  }

  /** As {@link #sendFile(HttpExchange, Path, String)}, written at the pace {@code traffic} sets (when not null). */
  public static void sendFile(HttpExchange exchange, Path file, String contentType, EmulatorTraffic traffic)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      sendJson(exchange, 404, JSON.createObjectNode().put("error", "no such file"));
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(200, Files.size(file));
    try (OutputStream out = exchange.getResponseBody()) {
      if (traffic == null) {
        Files.copy(file, out);
      } else {
        traffic.copy(file, out);
      }
    }
  }

  /** An answer written to an exchange. */
  @FunctionalInterface
  public interface Answer {
    void send() throws IOException;
  }

  /**
   * Answers a submit the emulator has accepted, as the injected {@code fault} says; every emulator's fault enum names
   * these the same: {@code DROP_AFTER_ACCEPT} closes the connection unanswered, {@code LOST_ANSWER} is a gateway's 502,
   * {@code MALFORMED_JSON} a garbled body, {@code SLOW_ANSWER} the {@code answer} after {@code slowAnswer}; any other
   * fault, or none, the {@code answer} at once.
   */
  public static void answerAccepted(HttpExchange exchange, Enum<?> fault, Duration slowAnswer, Answer answer)
      throws IOException {
    switch (fault == null ? "" : fault.name()) {
      case "DROP_AFTER_ACCEPT" -> drop(exchange);
      case "LOST_ANSWER" -> sendGatewayError(exchange);
      case "MALFORMED_JSON" -> sendMalformed(exchange);
      case "SLOW_ANSWER" -> {
        sleep(slowAnswer.toMillis());
        answer.send();
      }
      default -> answer.send();
    }
  }

  /** A URL's raw query as decoded parameters, in order; a parameter given twice keeps its last value. */
  public static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return query;
  }

  /**
   * Closes the connection without an answer: the client cannot tell whether its request was acted on (the
   * "dropped response after accepting" fault).
   */
  public static void drop(HttpExchange exchange) {
    exchange.close();
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
