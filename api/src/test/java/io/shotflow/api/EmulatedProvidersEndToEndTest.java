package io.shotflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.security.ApiTokens;
import io.shotflow.emulator.ProviderEmulators;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A storyboard through the whole stack (API, embedded Temporal, real worker) with {@code provider:} set to WaveSpeed or
 * Replicate, each served by its emulator as {@code --emulate-providers} starts them: pro clips from a start to an end
 * keyframe, priced by the rate card, assembled into the cut.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmulatedProvidersEndToEndTest extends ApiTestSupport {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private ProviderEmulators emulators;

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  ApiTokens tokens;

  @Inject
  ObjectMapper json;

  @Override
  protected Map<String, String> extraProperties() {
    try {
      emulators = ProviderEmulators.start(Files.createTempDirectory("emulators"), 320);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new HashMap<>(emulators.properties());
  }

  @AfterAll
  void stopEmulators() {
    emulators.close();
  }

  private JsonNode status(String id) throws IOException {
    return json.readTree(http.toBlocking().retrieve(HttpRequest.GET("/api/storyboards/" + id)
        .bearerAuth(tokens.tokenFor("reviewer")), String.class));
  }

  @Test
  void aStoryboardOnWaveSpeedEndsInACut() throws Exception {
    endsInACut("wavespeed");
  }

  @Test
  void aStoryboardOnReplicateEndsInACut() throws Exception {
    endsInACut("replicate");
  }

  private void endsInACut(String provider) throws Exception {
    HttpResponse<String> created = http.toBlocking().exchange(HttpRequest.POST("/api/storyboards", """
        {"title": "Emulated %s", "provider": "%s", "tier": "pro", "budget_usd": 5,
         "review": {"keyframes": "auto", "clips": "auto"},
         "shots": [{"id": "reveal", "prompt": "Camera pushes in as the lid lifts", "duration": 5,
                    "start_frame": {"prompt": "A closed matte-black box on a pedestal"},
                    "end_frame": {"prompt": "The open box, a steel watch inside"}}]}
        """.formatted(provider, provider)).contentType(MediaType.APPLICATION_JSON)
        .bearerAuth(tokens.tokenFor("producer")), String.class);
    assertEquals(HttpStatus.CREATED, created.getStatus());
    JsonNode answer = json.readTree(created.body());
    // two keyframes at $0.025 and one pro 5 s clip at $0.45 on both rate cards
    assertEquals(0.5, answer.path("estimated_cost_usd").asDouble(), 1e-9, answer.toString());
    String id = answer.path("id").asText();

    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonNode status = status(id);
    while (!Set.of("completed", "failed", "cancelled").contains(status.path("state").asText())) {
      if (System.nanoTime() > deadline || status.path("pending_reviews").size() > 0) {
        fail("storyboard on " + provider + " did not finish by itself: " + status);
      }
      Thread.sleep(300);
      status = status(id);
    }

    assertEquals("completed", status.path("state").asText(), status.toString());
    assertEquals(0.5, status.path("spend_usd").asDouble(), 1e-9, status.toString());
    JsonNode takes = status.path("shots").path(0).path("takes");
    assertTrue(takes.size() >= 3, takes.toString());
    for (JsonNode take : takes) {
      assertEquals(provider, take.path("provider").asText(), take.toString());
    }
    assertEquals(3, (provider.equals("wavespeed") ? emulators.wavespeed().submissions()
        : emulators.replicate().submissions()).total(), "two keyframes and one clip, each accepted once");
    assertTrue(status.path("outputs").path("final_cut").asText().startsWith("/api/assets/"), status.toString());
  }
}
