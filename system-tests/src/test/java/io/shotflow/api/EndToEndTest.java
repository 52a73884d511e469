package io.shotflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.security.ApiTokens;
import io.shotflow.asset.AssetStore;
import io.shotflow.catalog.ReviewRow;
import io.shotflow.catalog.StoryboardCatalog;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product over HTTP on the embedded Temporal server with the real worker and the local provider:
 * submit a three-shot storyboard with required reviews, reject one take and approve the rest through the API,
 * wait for the cut, and decode the final MP4.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest extends ApiTestSupport {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  ApiTokens tokens;

  @Inject
  StoryboardCatalog catalog;

  @Inject
  ObjectMapper json;

  @Inject
  ApplicationContext context;

  @TempDir
  Path downloads;

  @BeforeEach
  void needsTheMediaImplementations() {
    Assumptions.assumeTrue(context.containsBean(AssetStore.class), "no AssetStore implementation merged yet");
  }

  private BlockingHttpClient client() {
    return http.toBlocking();
  }

  private JsonNode call(HttpRequest<?> request) throws Exception {
    return json.readTree(client().retrieve(request, String.class));
  }

  private JsonNode status(String id) throws Exception {
    return call(HttpRequest.GET("/api/storyboards/" + id).bearerAuth(tokens.tokenFor("reviewer")));
  }

  private HttpResponse<String> review(String id, String subject, String take, String verdict, String prompt) {
    Map<String, Object> body = new java.util.HashMap<>(Map.of("subject", subject, "verdict", verdict,
        "note", "end-to-end test"));
    if (take != null) {
      body.put("take", take);
    }
    if (prompt != null) {
      body.put("prompt", prompt);
    }
    return client().exchange(HttpRequest.POST("/api/storyboards/" + id + "/reviews", body)
        .bearerAuth(tokens.tokenFor("reviewer")), String.class);
  }

  private String submit(String spec) throws Exception {
    HttpResponse<String> created = client().exchange(HttpRequest.POST("/api/storyboards", spec)
        .contentType(MediaType.APPLICATION_JSON).bearerAuth(tokens.tokenFor("producer")), String.class);
    assertEquals(HttpStatus.CREATED, created.getStatus());
    return json.readTree(created.body()).path("id").asText();
  }

  private String uploadVoice() throws Exception {
    Path wav = Path.of("..", "examples", "voice", "line1.wav");
    HttpResponse<String> uploaded = client().exchange(HttpRequest.POST("/api/assets", Files.readAllBytes(wav))
        .contentType("audio/wav").bearerAuth(tokens.tokenFor("producer")), String.class);
    assertEquals(HttpStatus.CREATED, uploaded.getStatus());
    return json.readTree(uploaded.body()).path("id").asText();
  }

  @Test
  void threeShotStoryboardWithReviewsEndsInADecodableCut() throws Exception {
    String voice = uploadVoice();
    String id = submit("""
        {"title": "End to end reveal", "provider": "local", "fps": 24, "resolution": "720p",
         "review": {"keyframes": "required", "clips": "required", "lip_sync": "auto"},
         "shots": [
           {"id": "reveal", "prompt": "Camera pushes in as the lid lifts", "duration": 5, "variants": 2,
            "start_frame": {"prompt": "A closed matte-black box on a pedestal"},
            "end_frame": {"prompt": "The open box, a steel watch inside"}},
           {"id": "closeup", "prompt": "Push into the dial", "duration": 5, "start_frame": {"from": "reveal"},
            "extend": [{"prompt": "Slow orbit around the watch"}]},
           {"id": "wrist", "prompt": "The wearer speaks to camera", "duration": 5,
            "start_frame": {"prompt": "A wrist wearing the steel watch"},
            "dialogue": {"audio": "asset:%s", "lip_sync": {"provider": "local"}}}]}
        """.formatted(voice));

    Set<String> rejected = new HashSet<>();
    boolean checkedRefusals = false;
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonNode status = status(id);
    while (!Set.of("completed", "failed", "cancelled").contains(status.path("state").asText())) {
      if (System.nanoTime() > deadline) {
        fail("storyboard did not finish in " + TIMEOUT + ": " + status);
      }
      for (JsonNode pending : status.path("pending_reviews")) {
        String subject = pending.path("subject").asText();
        JsonNode takes = pending.path("takes");
        if (takes.isEmpty()) {
          fail(subject + " waits for a decision after a failure: " + pending.path("reason").asText());
        }
        if (!checkedRefusals) {
          checkRefusalsWhileRunning(id);
          checkedRefusals = true;
        }
        if (subject.equals("clip:reveal") && rejected.add(subject)) {
          assertEquals(2, takes.size(), "two variants of the reveal clip");
          review(id, subject, takes.get(0).asText(), "reject", "Slower push, the lid opens fully");
        } else {
          review(id, subject, takes.get(takes.size() - 1).asText(), "approve", null);
        }
      }
      Thread.sleep(300);
      status = status(id);
    }

    assertEquals("completed", status.path("state").asText(), status.toString());
    assertEquals(100, status.path("progress_percent").asInt());
    assertTrue(rejected.contains("clip:reveal"), "the reveal clip was rejected once");
    for (JsonNode shot : status.path("shots")) {
      assertEquals("done", shot.path("stage").asText(), shot.toString());
      assertTrue(shot.path("takes").size() > 0);
    }

    JsonNode outputs = status.path("outputs");
    Path finalCut = downloads.resolve("final.mp4");
    Files.write(finalCut, client().retrieve(HttpRequest.GET(outputs.path("final_cut").asText())
        .bearerAuth(tokens.tokenFor("reviewer")), byte[].class));
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(finalCut.toFile())) {
      grabber.start();
      assertEquals(1280, grabber.getImageWidth());
      assertEquals(720, grabber.getImageHeight());
      assertEquals(24.0, grabber.getFrameRate(), 0.01);
      assertEquals(20.0, grabber.getLengthInTime() / 1_000_000.0, 0.1, "5 + (5 + 5) + 5 seconds");
      grabber.stop();
    }

    for (String[] export : new String[][] {{"otio", "timeline.otio"}, {"edl", "cut.edl"},
        {"fcpxml", "cut.fcpxml"}, {"manifest", "manifest.json"}}) {
      HttpResponse<byte[]> file = client().exchange(HttpRequest.GET("/api/storyboards/" + id + "/exports/"
          + export[0]).bearerAuth(tokens.tokenFor("reviewer")), byte[].class);
      assertEquals(HttpStatus.OK, file.getStatus());
      assertTrue(file.header("Content-Disposition").contains(export[1]), file.header("Content-Disposition"));
      assertTrue(file.body().length > 0);
    }

    JsonNode files = outputs.path("files");
    for (String shot : List.of("reveal", "closeup", "wrist")) {
      assertTrue(files.has("shots/" + shot + ".mp4"), files.toString());
    }
    assertTrue(files.has("audio/wrist.wav"), "wrist has dialogue: " + files);
    assertTrue(files.has("takes/reveal/clip-a1-v2.mp4"), "reveal's second take is an alternate: " + files);

    JsonNode audit = call(HttpRequest.GET("/api/storyboards/" + id + "/audit").bearerAuth(tokens.tokenFor("producer")));
    assertEquals(catalog.entry(id).orElseThrow().takes().size(), audit.path("spend").size(), "one spend entry a take");
    for (var take : catalog.entry(id).orElseThrow().takes()) {
      if (take.approved()) {
        boolean decided = false;
        for (JsonNode d : audit.path("decisions")) {
          decided |= "approve".equals(d.path("verdict").asText()) && take.subject().equals(d.path("subject").asText())
              && (d.path("take").isNull() || take.takeId().equals(d.path("take").asText()));
        }
        assertTrue(decided, "approved take " + take.takeId() + " of " + take.subject() + " has a decision: " + audit);
      }
    }
    boolean lipSyncAuto = false;
    for (JsonNode d : audit.path("decisions")) {
      lipSyncAuto |= "lip_sync:wrist".equals(d.path("subject").asText()) && "auto".equals(d.path("reviewer").asText())
          && "review.lip_sync: auto".equals(d.path("policy").asText());
    }
    assertTrue(lipSyncAuto, "the lip-sync passed its auto gate, and the audit says so: " + audit);

    var reviews = catalog.reviews(id);
    ReviewRow reject = reviews.stream().filter(r -> "reject".equals(r.verdict())).findFirst().orElseThrow();
    assertEquals("clip:reveal", reject.subject());
    assertEquals("reviewer", reject.reviewer());
    assertEquals("Slower push, the lid opens fully", reject.prompt());
    assertEquals("completed", catalog.storyboard(id).orElseThrow().state());
  }

  /** While the storyboard waits for a review: a subject that is not pending, and a refused budget, are 409s. */
  private void checkRefusalsWhileRunning(String id) throws Exception {
    HttpClientResponseException notPending = assertThrows(HttpClientResponseException.class,
        () -> review(id, "lip_sync:wrist", "lip-a1-v1", "approve", null));
    assertEquals(HttpStatus.CONFLICT, notPending.getStatus());
    assertTrue(notPending.getResponse().getBody(String.class).orElse("").contains("not awaiting review"));

    HttpClientResponseException zero = assertThrows(HttpClientResponseException.class,
        () -> client().exchange(HttpRequest.POST("/api/storyboards/" + id + "/budget", Map.of("budget_usd", 0))
            .bearerAuth(tokens.tokenFor("producer")), String.class));
    assertEquals(HttpStatus.CONFLICT, zero.getStatus());

    JsonNode raised = call(HttpRequest.POST("/api/storyboards/" + id + "/budget", Map.of("budget_usd", 12.5))
        .bearerAuth(tokens.tokenFor("producer")));
    assertEquals(12.5, raised.path("budget_usd").asDouble(), 0.0001);
  }

  /** A running storyboard's status is what its workflows recorded: pending reviews and shots waiting for others. */
  @Test
  void aRunningStoryboardsStatusComesFromTheCatalog() throws Exception {
    String id = submit("""
        {"title": "Sources", "provider": "local", "review": {"keyframes": "required"},
         "shots": [{"id": "only", "prompt": "p", "start_frame": {"prompt": "a still"}},
                   {"id": "next", "prompt": "q", "start_frame": {"from": "only"}}]}
        """);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonNode recorded = status(id);
    while (!"awaiting_review".equals(recorded.path("state").asText())) {
      assertTrue(System.nanoTime() < deadline, "never reached a review: " + recorded);
      Thread.sleep(200);
      recorded = status(id);
    }
    assertEquals("catalog", recorded.path("source").asText());
    JsonNode pending = recorded.path("pending_reviews").get(0);
    assertEquals("keyframe:only:start", pending.path("subject").asText());
    assertEquals("only", pending.path("shot").asText());
    assertEquals(1, pending.path("takes").size());
    assertEquals("keyframe_review", recorded.path("shots").get(0).path("stage").asText());
    assertEquals("waiting_for_continuity", recorded.path("shots").get(1).path("stage").asText());

    call(HttpRequest.POST("/api/storyboards/" + id + "/cancel", "").bearerAuth(tokens.tokenFor("producer")));
  }

  @Test
  void cancellingAStoryboardEndsIt() throws Exception {
    String id = submit("""
        {"title": "To cancel", "provider": "local", "review": {"keyframes": "required"},
         "shots": [{"id": "only", "prompt": "p", "start_frame": {"prompt": "a still"}}]}
        """);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!"awaiting_review".equals(status(id).path("state").asText())) {
      assertTrue(System.nanoTime() < deadline, "never reached a review");
      Thread.sleep(300);
    }
    JsonNode afterCancel = call(HttpRequest.POST("/api/storyboards/" + id + "/cancel", "")
        .bearerAuth(tokens.tokenFor("producer")));
    assertEquals(id, afterCancel.path("id").asText());
    JsonNode status = status(id);
    while (!"cancelled".equals(status.path("state").asText())) {
      assertTrue(System.nanoTime() < deadline, "never cancelled: " + status);
      Thread.sleep(300);
      status = status(id);
    }
    assertFalse(status.path("pending_reviews").elements().hasNext());
    assertNotNull(catalog.storyboard(id).orElseThrow());
    HttpClientResponseException again = assertThrows(HttpClientResponseException.class,
        () -> client().exchange(HttpRequest.POST("/api/storyboards/" + id + "/cancel", "")
            .bearerAuth(tokens.tokenFor("producer")), String.class));
    assertEquals(HttpStatus.CONFLICT, again.getStatus());
    HttpClientResponseException noExport = assertThrows(HttpClientResponseException.class,
        () -> client().exchange(HttpRequest.GET("/api/storyboards/" + id + "/exports/otio")
            .bearerAuth(tokens.tokenFor("reviewer")), String.class));
    assertEquals(HttpStatus.NOT_FOUND, noExport.getStatus());
  }
}
