package io.shotflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.security.ApiTokens;
import io.shotflow.emulator.ProviderEmulators;
import io.shotflow.emulator.common.SubmissionCounter;
import io.shotflow.emulator.common.VoiceLibrary;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "today's Kling and characters" storyboard, {@code examples/characters.yaml} as it is, through the provider
 * emulators over HTTP (as {@code ./shotflow run --emulate-providers} runs them): two characters (mara's reference
 * generated and reviewed, ivo's the example's image file, uploaded), three shots, dock ending on boat's start
 * keyframe, boat a 12 s Kling 3.0 clip with native audio in mara's voice, gulls a Kling 2.5 Turbo clip between a start
 * and an end frame. Every review is approved through the API. Asserts what the emulator received: the references
 * in the requests of the shots with characters, each shot's model, duration and frames.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CharactersOnProvidersTest extends ApiTestSupport {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Set<String> ENDED = Set.of("completed", "failed", "cancelled");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Read from the repository (the tests run in system-tests/). */
  private static final Path EXAMPLE = Path.of("..", "examples", "characters.yaml");
  private static final BigDecimal BUDGET = new BigDecimal("10");

  private ProviderEmulators emulators;

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  ApiTokens tokens;

  @TempDir
  Path downloads;

  @Override
  protected Map<String, String> extraProperties() {
    int port = freePort();
    try {
      // 640 px on the long side: a 16:9 keyframe used as a reference stays above Kling's 300 px a side
      emulators = ProviderEmulators.start(Files.createTempDirectory("provider-emulators"), 640);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> props = new HashMap<>(emulators.properties());
    props.put("micronaut.server.port", String.valueOf(port));
    props.put("shotflow.public-url", "http://127.0.0.1:" + port);
    return props;
  }

  @AfterAll
  void stopEmulators() {
    emulators.close();
  }

  private BlockingHttpClient client() {
    return http.toBlocking();
  }

  @Test
  void theExampleCompletesThroughFal() throws Exception {
    int before = emulators.fal().submissions().received().size();
    Run run = run("fal");
    List<SubmissionCounter.Received> sent = emulators.fal().submissions().received();
    sent = sent.subList(before, sent.size());

    SubmissionCounter.Received dock = clip(sent, "fal-ai/kling-video/v3/pro/image-to-video", "Mara walks");
    SubmissionCounter.Received boat = clip(sent, "fal-ai/kling-video/v3/pro/image-to-video", "Mara and Ivo");
    SubmissionCounter.Received gulls = clip(sent, "fal-ai/kling-video/v2.5-turbo/pro/image-to-video", "Gulls");
    // the references travel as elements, one reference each, named in the prompt as @Element1, ...
    assertEquals(List.of(run.mara()), referencesIn(dock.body(), run), dock.body().toString());
    assertEquals(List.of(run.mara(), run.ivo()), referencesIn(boat.body(), run), boat.body().toString());
    assertEquals(1, dock.body().path("elements").size());
    assertEquals(2, boat.body().path("elements").size());
    assertTrue(dock.body().hasNonNull("end_image_url"), "dock ends on boat's start keyframe: " + dock.body());
    assertEquals("12", boat.body().path("duration").asText());
    assertTrue(boat.body().path("generate_audio").asBoolean(), boat.body().toString());
    // boat speaks in mara's voice: her voice_id bound as voice_ids, named <<<voice_1>>> in the prompt
    assertEquals(VoiceLibrary.PRESET, boat.body().path("voice_ids").path(0).asText(), boat.body().toString());
    assertTrue(boat.body().path("prompt").asText().contains("<<<voice_1>>>"), boat.body().path("prompt").asText());
    assertEquals("5", gulls.body().path("duration").asText());
    assertTrue(gulls.body().hasNonNull("image_url") && gulls.body().hasNonNull("tail_image_url"), gulls.body().toString());
    assertTrue(referencesIn(gulls.body(), run).isEmpty(), "Kling 2.5 Turbo takes no references");
    run.assertPricedPerShotModel();
    System.out.printf("fal: %d requests, %d with references (dock %d, boat %d), spend $%s of estimate $%s%n",
        sent.size(), sent.stream().filter(r -> r.body().path("elements").size() > 0).count(),
        dock.body().path("elements").size(), boat.body().path("elements").size(),
        run.status().path("spend_usd").asText(), run.created().path("estimated_cost_usd").asText());
  }

  @Test
  void theExampleCompletesThroughKling() throws Exception {
    int before = emulators.kling().submissions().received().size();
    Run run = run("kling");
    List<SubmissionCounter.Received> sent = emulators.kling().submissions().received();
    sent = sent.subList(before, sent.size());
    // wherever Kling's request carries them (element list, image list), each reference is there: as a link to its
    // asset or as its bytes in base64
    String all = sent.stream().map(r -> r.body().toString()).reduce("", String::concat);
    for (String reference : List.of(run.mara(), run.ivo())) {
      assertTrue(all.contains(reference) || all.contains(run.base64(reference)),
          "reference " + reference + " in the requests Kling received: " + all.length() + " chars");
    }
    SubmissionCounter.Received gulls = sent.stream()
        .filter(r -> "kling-v2-5-turbo".equals(r.body().path("model_name").asText())).findFirst().orElseThrow();
    assertTrue(gulls.body().hasNonNull("image") && gulls.body().hasNonNull("image_tail"), gulls.body().toString());
    // boat: 12 s of Kling 3.0 (with references perhaps on another endpoint's name for it, such as kling-v3-omni)
    assertTrue(sent.stream().anyMatch(r -> r.body().path("model_name").asText().startsWith("kling-v3")
        && "12".equals(r.body().path("duration").asText())), "boat: 12 s on kling-v3");
    run.assertPricedPerShotModel();
    long withReferences = sent.stream().map(r -> r.body().toString()).filter(b -> b.contains(run.mara())
        || b.contains(run.base64(run.mara())) || b.contains(run.ivo()) || b.contains(run.base64(run.ivo()))).count();
    System.out.printf("kling: %d requests, %d with references, spend $%s of estimate $%s%n", sent.size(),
        withReferences, run.status().path("spend_usd").asText(), run.created().path("estimated_cost_usd").asText());
  }

  /** What a run of the example left to check: its status, its 201 and the references' asset ids. */
  private record Run(JsonNode created, JsonNode status, String mara, String ivo, Map<String, byte[]> bytes) {

    String base64(String assetId) {
      return java.util.Base64.getEncoder().encodeToString(bytes.get(assetId));
    }

    /** The 201 priced each shot on its model, per second; spend stayed within the budget. */
    void assertPricedPerShotModel() {
      Map<String, JsonNode> lines = new HashMap<>();
      created.path("estimate").forEach(l -> lines.put(l.path("id").asText(), l));
      assertEquals(Set.of("dock", "boat", "gulls", "character:mara", "character:ivo"), lines.keySet(), created.toString());
      assertEquals("kling-v3", lines.get("boat").path("model").asText());
      assertEquals(12, lines.get("boat").path("seconds").asInt());
      assertEquals("kling-v2.5-turbo", lines.get("gulls").path("model").asText());
      assertTrue(lines.get("boat").path("usd_per_second").decimalValue().signum() > 0, created.toString());
      BigDecimal spend = status.path("spend_usd").decimalValue();
      assertTrue(spend.signum() > 0 && spend.compareTo(BUDGET) <= 0, "spend within the budget: " + spend);
    }
  }

  /** Runs the example on {@code provider}, approving every review through the API, and checks the finished cut. */
  private Run run(String provider) throws Exception {
    byte[] ivoPng = Files.readAllBytes(EXAMPLE.resolveSibling("characters/ivo.png"));
    String ivo = upload(ivoPng);
    String yaml = Files.readString(EXAMPLE)
        .replace("file:characters/ivo.png", "asset:" + ivo)
        .replace("provider: local", "provider: " + provider + "\nbudget_usd: " + BUDGET.toPlainString());
    HttpResponse<String> created = client().exchange(HttpRequest.POST("/api/storyboards", yaml)
        .contentType("application/yaml").bearerAuth(tokens.tokenFor("producer")), String.class);
    assertEquals(HttpStatus.CREATED, created.getStatus());
    JsonNode answer = JSON.readTree(created.body());
    String id = answer.path("id").asText();

    Set<String> reviewed = new HashSet<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonNode status = status(id);
    while (!ENDED.contains(status.path("state").asText())) {
      if (System.nanoTime() > deadline) {
        fail("storyboard did not finish in " + TIMEOUT + ": " + status);
      }
      for (JsonNode pending : status.path("pending_reviews")) {
        String subject = pending.path("subject").asText();
        if (pending.path("takes").isEmpty()) {
          fail(subject + " waits for a decision after a failure: " + pending.path("reason").asText());
        }
        if (reviewed.add(subject)) {
          client().exchange(HttpRequest.POST("/api/storyboards/" + id + "/reviews", Map.of("subject", subject,
              "take", pending.path("takes").get(0).asText(), "verdict", "approve"))
              .bearerAuth(tokens.tokenFor("reviewer")), String.class);
        }
      }
      Thread.sleep(200);
      status = status(id);
    }
    assertEquals("completed", status.path("state").asText(), status.toString());
    assertTrue(reviewed.contains("character:mara:1"), "mara's generated reference was reviewed: " + reviewed);
    assertFalse(reviewed.contains("keyframe:dock:end"), "dock's end frame is boat's approved start keyframe");

    String mara = null;
    for (JsonNode shot : status.path("shots")) {
      for (JsonNode take : shot.path("takes")) {
        if (take.path("approved").asBoolean() && "character:mara:1".equals(take.path("subject").asText())) {
          String url = take.path("asset_url").asText();
          mara = url.substring(url.lastIndexOf('/') + 1);
        }
      }
    }
    assertTrue(mara != null, "mara's approved reference: " + status);

    Path cut = downloads.resolve(id + ".mp4");
    Files.write(cut, download(status.path("outputs").path("final_cut").asText()));
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(cut.toFile())) {
      grabber.start();
      assertEquals(22.0, grabber.getLengthInTime() / 1_000_000.0, 0.1, "5 + 12 + 5 seconds");
      grabber.stop();
    }
    JsonNode manifest = JSON.readTree(download("/api/storyboards/" + id + "/exports/manifest"));
    Map<String, String> models = new HashMap<>();
    manifest.path("shots").forEach(s -> models.put(s.path("id").asText(), s.path("model").asText()));
    assertEquals(Map.of("dock", "kling-v3", "boat", "kling-v3", "gulls", "kling-v2.5-turbo"), models,
        "each clip's model in the manifest");
    return new Run(answer, status, mara, ivo, Map.of(ivo, ivoPng, mara, download("/api/assets/" + mara)));
  }

  /** The one clip request sent to {@code model} whose prompt mentions {@code words}. */
  private static SubmissionCounter.Received clip(List<SubmissionCounter.Received> sent, String model, String words) {
    List<SubmissionCounter.Received> found = new ArrayList<>();
    for (SubmissionCounter.Received r : sent) {
      if (r.model().equals(model) && r.body().path("prompt").asText().contains(words)) {
        found.add(r);
      }
    }
    assertEquals(1, found.size(), model + " '" + words + "' among " + sent.stream().map(SubmissionCounter.Received::model).toList());
    return found.get(0);
  }

  /** The run's references a request names, in its order (links name the asset id). */
  private static List<String> referencesIn(JsonNode body, Run run) {
    List<String> refs = new ArrayList<>();
    for (JsonNode element : body.path("elements")) {
      String text = element.toString();
      for (String id : List.of(run.mara(), run.ivo())) {
        if (text.contains(id) || text.contains(run.base64(id))) {
          refs.add(id);
        }
      }
    }
    return refs;
  }

  private JsonNode status(String id) throws Exception {
    return JSON.readTree(client().retrieve(HttpRequest.GET("/api/storyboards/" + id)
        .bearerAuth(tokens.tokenFor("reviewer")), String.class));
  }

  private byte[] download(String url) {
    return client().retrieve(HttpRequest.GET(url).bearerAuth(tokens.tokenFor("reviewer")), byte[].class);
  }

  private String upload(byte[] png) throws Exception {
    HttpResponse<String> uploaded = client().exchange(HttpRequest.POST("/api/assets", png)
        .contentType("image/png").bearerAuth(tokens.tokenFor("producer")), String.class);
    return JSON.readTree(uploaded.body()).path("id").asText();
  }
}
