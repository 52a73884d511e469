package io.shotflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI's downloads send the token: to the API, never to a presigned link's host. */
class ApiClientTest {

  @TempDir Path dir;

  @Test
  void theTokenGoesToTheApiOnly() throws Exception {
    List<String> seen = new ArrayList<>();
    HttpServer api = server(seen, "api");
    HttpServer bucket = server(seen, "bucket");
    try {
      String apiUrl = "http://127.0.0.1:" + api.getAddress().getPort();
      ApiClient client = new ApiClient(apiUrl, "producer-token", "reviewer-token");

      client.download("/api/assets/a.mp4", dir.resolve("relative"));
      client.download(apiUrl + "/api/assets/b.mp4", dir.resolve("absolute"));
      client.download("http://127.0.0.1:" + bucket.getAddress().getPort() + "/bucket/c.mp4?X-Amz-Signature=s",
          dir.resolve("presigned"));

      assertEquals(List.of("api Bearer reviewer-token", "api Bearer reviewer-token", "bucket none"), seen);
      assertEquals("bucket", Files.readString(dir.resolve("presigned")));
    } finally {
      api.stop(0);
      bucket.stop(0);
    }
  }

  private static HttpServer server(List<String> seen, String name) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      synchronized (seen) {
        seen.add(name + " " + (auth == null ? "none" : auth));
      }
      byte[] body = name.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server;
  }
}
