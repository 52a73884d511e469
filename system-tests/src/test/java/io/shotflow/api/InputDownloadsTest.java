package io.shotflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.security.ApiTokens;
import io.shotflow.catalog.StoryboardCatalog;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spec inputs are downloaded without following redirects, up to their size limit and within a time limit, each failure
 * a 400 naming the field. The servers are on 127.0.0.1, which this class allows
 * ({@code shotflow.inputs.allow-private-networks}); {@code HostileInputTest} shows the default refusing it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputDownloadsTest extends ApiTestSupport {

  @Inject @Client("/") HttpClient http;
  @Inject ApiTokens tokens;
  @Inject ObjectMapper json;
  @Inject StoryboardCatalog catalog;

  private HttpServer server;
  private final AtomicInteger redirectTargetHits = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);

  @Override
  protected Map<String, String> extraProperties() {
    return Map.of("shotflow.inputs.allow-private-networks", "true",
        "shotflow.inputs.download-timeout", "PT2S");
  }

  @BeforeAll
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/moved.png", ex -> {
      ex.getResponseHeaders().add("Location", url("/target.png"));
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    server.createContext("/target.png", ex -> {
      redirectTargetHits.incrementAndGet();
      byte[] png = TestMedia.png(640, 360);
      ex.getResponseHeaders().add("Content-Type", "image/png");
      ex.sendResponseHeaders(200, png.length);
      ex.getResponseBody().write(png);
      ex.close();
    });
    server.createContext("/endless.png", ex -> {
      ex.getResponseHeaders().add("Content-Type", "image/png");
      ex.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[64 * 1024];
      try (OutputStream out = ex.getResponseBody()) {
        for (int i = 0; i < 100_000; i++) {
          out.write(chunk);
        }
      } catch (IOException stoppedReading) {
        // the client hung up at its limit
      }
    });
    server.createContext("/stalled.png", ex -> {
      ex.getResponseHeaders().add("Content-Type", "image/png");
      ex.sendResponseHeaders(200, 0);
      ex.getResponseBody().write(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
      ex.getResponseBody().flush();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
    });
    server.start();
  }

  @AfterAll
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private JsonNode refused(String imagePath) throws Exception {
    int before = catalog.list().size();
    String spec = "{\"title\": \"Inputs\", \"shots\": [{\"id\": \"a\", \"prompt\": \"p\", "
        + "\"start_frame\": {\"image\": \"" + url(imagePath) + "\"}}]}";
    HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
        () -> http.toBlocking().exchange(HttpRequest.POST("/api/storyboards", spec)
            .contentType(MediaType.APPLICATION_JSON).bearerAuth(tokens.tokenFor("producer")), String.class));
    assertEquals(HttpStatus.BAD_REQUEST, e.getStatus(), e.getResponse().getBody(String.class).orElse(""));
    assertEquals(before, catalog.list().size(), "a refused spec creates nothing");
    JsonNode problem = json.readTree(e.getResponse().getBody(String.class).orElseThrow());
    assertEquals("shots[0].start_frame.image", problem.path("errors").path(0).path("field").asText(),
        problem.toString());
    return problem;
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    String message = refused("/moved.png").path("errors").path(0).path("message").asText();
    assertTrue(message.contains("HTTP 302 redirects to " + url("/target.png")), message);
    assertTrue(message.contains("redirects are not followed"), message);
    assertEquals(0, redirectTargetHits.get(), "the redirect's target was never fetched");
  }

  @Test
  void aBodyOverTheImageLimitIsCutOff() throws Exception {
    String message = refused("/endless.png").path("errors").path(0).path("message").asText();
    assertTrue(message.contains("is larger than 10 MB"), message);
  }

  @Test
  void aStalledDownloadEndsAtTheTimeLimit() throws Exception {
    long start = System.nanoTime();
    String message = refused("/stalled.png").path("errors").path(0).path("message").asText();
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    assertTrue(message.contains("within 2 s"), message);
    assertTrue(seconds < 15, "answered after " + seconds + " s");
  }
}
