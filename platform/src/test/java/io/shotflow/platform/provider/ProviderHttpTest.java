package io.shotflow.platform.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider HTTP setup against a local server: redirects, timeouts, interruption and what the log may show. */
class ProviderHttpTest {

  private static final byte[] FILE = "the output".getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private final ProviderHttp http = new ProviderHttp();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/moved", exchange -> {
      exchange.getResponseHeaders().add("Location", "/file");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.createContext("/file", exchange -> {
      exchange.sendResponseHeaders(200, FILE.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(FILE);
      }
    });
    server.createContext("/slow", exchange -> {
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    http.close();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static ProviderSettings settings(Duration timeout) {
    ProviderSettings settings = new ProviderSettings("test");
    settings.setRequestTimeout(timeout);
    return settings;
  }

  @Test
  void aCallDoesNotFollowARedirectSoCredentialsStayWithTheProvider() throws Exception {
    HttpResponse<byte[]> response = http.call(settings(Duration.ofSeconds(5)),
        HttpRequest.newBuilder(url("/moved")).header("Authorization", "Key secret").GET());
    assertEquals(302, response.statusCode());
  }

  @Test
  void aDownloadFollowsRedirects() throws Exception {
    HttpResponse<InputStream> response = http.download("test",
        HttpRequest.newBuilder(url("/moved")).timeout(Duration.ofSeconds(5)).GET().build());
    assertEquals(200, response.statusCode());
    try (InputStream body = response.body()) {
      assertArrayEquals(FILE, body.readAllBytes());
    }
  }

  @Test
  void aCallLastsAtMostTheProvidersRequestTimeout() {
    long started = System.nanoTime();
    assertThrows(HttpTimeoutException.class,
        () -> http.call(settings(Duration.ofMillis(300)), HttpRequest.newBuilder(url("/slow")).GET()));
    assertTrue(System.nanoTime() - started < 1_500_000_000L, "gave up at the 300 ms timeout, not the 2 s answer");
  }

  @Test
  void anInterruptedCallIsAnInterruptedIoExceptionAndKeepsTheFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThrows(InterruptedIOException.class,
          () -> http.call(settings(Duration.ofSeconds(5)), HttpRequest.newBuilder(url("/slow")).GET()));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void theLoggedAddressHasNeitherQueryNorUserInfo() {
    assertEquals("https://cdn.example.com:8443/out/clip.mp4",
        ProviderHttp.withoutQuery(URI.create("https://user:pw@cdn.example.com:8443/out/clip.mp4?sig=abc&token=t")));
    assertEquals("http://127.0.0.1/api/webhooks/kling",
        ProviderHttp.withoutQuery(URI.create("http://127.0.0.1/api/webhooks/kling?token=secret")));
  }
}
