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
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.security.ApiTokens;
import io.shotflow.catalog.StoryboardCatalog;
import io.shotflow.catalog.TakeRow;
import io.shotflow.emulator.ProviderEmulators;
import io.shotflow.emulator.kling.KlingEmulator;
import io.shotflow.emulator.kling.KlingFault;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real provider paths end to end over HTTP: the API, the worker and the embedded Temporal server with every
 * provider emulator ({@link ProviderEmulators}, as {@code ./shotflow serve --emulate-providers} runs them), the API's
 * own address as {@code shotflow.public-url} so the emulators fetch inputs through signed asset URLs and post
 * webhooks. A three-shot storyboard (end frame, continuity, extend, dialogue) completes on each provider under injected
 * faults, and once with its provider forced down so the fallback takes over; the emulators accept exactly one
 * submission per take. An ambiguous fal submit waits for a human decision that says why.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderPathsTest extends ApiTestSupport {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final Set<String> ENDED = Set.of("completed", "failed", "cancelled");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final java.net.http.HttpClient ADMIN = java.net.http.HttpClient.newHttpClient();

  private ProviderEmulators emulators;

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  ApiTokens tokens;

  @Inject
  StoryboardCatalog catalog;

  @Inject
  FullDiskAssetStore disk;

  @TempDir
  Path downloads;

  @Override
  protected Map<String, String> extraProperties() {
    int port = freePort();
    try {
      emulators = ProviderEmulators.start(Files.createTempDirectory("provider-emulators"), 320);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> props = new HashMap<>(emulators.properties());
    props.put("micronaut.server.port", String.valueOf(port));
    props.put("shotflow.public-url", "http://127.0.0.1:" + port);
    props.put("shotflow.test.full-disk", "true");
    return props;
  }

  @AfterAll
  void stopEmulators() {
    emulators.close();
  }

  /**
   * One line per provider: the provider, the lip-sync provider, and faults the emulators answer the first submits with
   * ({@code [provider/]FAULT:times}, the storyboard's provider unless named, through {@code POST /emulator/faults}).
   */
  @ParameterizedTest(name = "{0} (lip-sync {1}) under {2}")
  @CsvSource(delimiter = '|', value = {
      "kling     | kling     | RATE_LIMIT:2 DROP_AFTER_ACCEPT:1 SERVER_ERROR:1",
      "fal       | fal       | RATE_LIMIT:1 UNAVAILABLE:2",
      "wavespeed | wavespeed | RATE_LIMIT:1 UNAVAILABLE:1",
      "replicate | replicate | RATE_LIMIT:1 UNAVAILABLE:1",
      "fal       | sync      | sync/CONCURRENCY_LIMIT:1 sync/UNAVAILABLE:1",
  })
  void threeShotStoryboardCompletesOnTheProvider(String provider, String lipSync, String faults) throws Exception {
    String voice = uploadVoice();
    Map<String, Integer> before = accepted();
    for (String fault : faults.split(" ")) {
      String target = fault.contains("/") ? fault.substring(0, fault.indexOf('/')) : provider;
      String[] parts = fault.substring(fault.indexOf('/') + 1).split(":");
      inject(target, parts[0], Integer.parseInt(parts[1]));
    }

    JsonNode status = awaitEnd(submit(spec(provider, List.of(), lipSync, voice)));

    assertCompletedWithCut(status);
    List<TakeRow> takes = takes(status);
    assertEquals(8, takes.stream().filter(TakeRow::approved).count(), "3 keyframes, 3 clips, 1 extend, 1 lip-sync");
    for (TakeRow take : takes) {
      String expected = take.kind().equals("lip_sync") ? lipSync : provider;
      assertEquals(expected, take.provider(), take.toString());
      assertEquals(expected, take.route(), take.toString());
      assertTrue(take.costUsd() != null && take.costUsd().signum() > 0, "a paid take has a cost: " + take);
    }
    if (provider.equals("kling")) {
      TakeRow clip = takes.stream().filter(t -> t.kind().equals("clip")).findFirst().orElseThrow();
      assertEquals(0, new BigDecimal("0.49").compareTo(clip.costUsd()), "3.5 units of final_unit_deduction at $0.14");
    }
    assertOneAcceptedSubmissionPerTake(before, takes);
  }

  @Test
  void aProviderForcedDownFailsOverToTheFallback() throws Exception {
    String voice = uploadVoice();
    Map<String, Integer> before = accepted();
    emulators.kling().onSubmit().inject(KlingFault.MAINTENANCE, 1000);
    try {
      JsonNode status = awaitEnd(submit(spec("kling", List.of("fal"), "kling", voice)));

      assertCompletedWithCut(status);
      List<TakeRow> takes = takes(status);
      for (TakeRow take : takes) {
        assertEquals("fal", take.provider(), take.toString());
        assertEquals("kling→fal", take.route(), take.toString());
      }
      assertOneAcceptedSubmissionPerTake(before, takes);
      JsonNode shown = StreamSupport.stream(status.path("shots").spliterator(), false)
          .flatMap(s -> StreamSupport.stream(s.path("takes").spliterator(), false)).findFirst().orElseThrow();
      assertEquals("kling→fal", shown.path("route").asText(), "the status shows the route");
    } finally {
      emulators.kling().onSubmit().clear();
    }
  }

  @Test
  void anAmbiguousSubmitWithoutAnIdempotencyKeyWaitsForADecision() throws Exception {
    Map<String, Integer> before = accepted();
    inject("fal", "DROP_AFTER_ACCEPT", 1);
    String id = submit("""
        {"title": "Ambiguous", "provider": "fal", "budget_usd": 5,
         "review": {"keyframes": "auto", "clips": "auto"},
         "shots": [{"id": "only", "prompt": "Push in", "start_frame": {"prompt": "A closed box"}}]}
        """);

    JsonNode waiting = awaitStatus(id, s -> s.path("pending_reviews").size() > 0);
    JsonNode pending = waiting.path("pending_reviews").get(0);
    assertEquals("keyframe:only:start", pending.path("subject").asText());
    assertEquals(0, pending.path("takes").size());
    String reason = pending.path("reason").asText();
    assertTrue(reason.startsWith("AMBIGUOUS_SUBMIT: "), reason);
    assertTrue(reason.contains("fal has no idempotency key"), reason);
    assertTrue(reason.contains("retry or skip"), reason);
    assertEquals("awaiting_decision", waiting.path("shots").get(0).path("stage").asText());
    assertEquals(1, delta(before, accepted()), "the lost answer's job was accepted and is not sent again by itself");

    review(id, "keyframe:only:start", "retry");
    JsonNode status = awaitEnd(id);

    assertEquals("completed", status.path("state").asText(), status.toString());
    List<TakeRow> takes = takes(status);
    assertEquals(2, takes.size());
    assertEquals(takes.size() + 1, delta(before, accepted()), "only the decision sent the keyframe again");
  }

  @Test
  void aRetryAfterAFullDiskCollectsTheFinishedJobWithoutPayingTwice() throws Exception {
    Map<String, Integer> before = accepted();
    disk.fillUp("image/", 1);
    String id = submit("""
        {"title": "Full disk", "provider": "kling", "budget_usd": 5,
         "review": {"keyframes": "auto", "clips": "auto"},
         "shots": [{"id": "only", "prompt": "Push in", "start_frame": {"prompt": "A closed box"}}]}
        """);

    JsonNode waiting = awaitStatus(id, s -> s.path("pending_reviews").size() > 0);
    String reason = waiting.path("pending_reviews").get(0).path("reason").asText();
    assertTrue(reason.startsWith("LOCAL_STORAGE: "), reason);
    assertTrue(reason.contains("No space left on device"), reason);
    assertEquals(1, delta(before, accepted()), "the keyframe's job was accepted once");

    review(id, "keyframe:only:start", "retry");
    JsonNode status = awaitEnd(id);

    assertEquals("completed", status.path("state").asText(), status.toString());
    List<TakeRow> takes = takes(status);
    assertEquals(List.of("kf-start-a2", "clip-a1-v1"), takes.stream().map(TakeRow::takeId).toList(),
        "the retry's keyframe take, then the clip");
    assertOneAcceptedSubmissionPerTake(before, takes);
  }

  @Test
  void aKling16ShotExtendsNativelyAndSpeaksItsLine() throws Exception {
    String id = submit("""
        {"title": "Native extend", "provider": "kling", "model": "kling-v1.6", "tier": "pro", "budget_usd": 5,
         "review": {"keyframes": "auto", "clips": "auto", "lip_sync": "auto"},
         "shots": [{"id": "orbit", "prompt": "Camera pushes in", "duration": 5,
                    "start_frame": {"prompt": "A steel watch on a pedestal"},
                    "extend": [{"prompt": "Slow orbit around the watch"}],
                    "dialogue": {"text": "Made to outlast us all.", "voice_id": "en_AOT"}}]}
        """);
    JsonNode status = awaitEnd(id);

    assertEquals("completed", status.path("state").asText(), status.toString());
    List<TakeRow> takes = takes(status);
    TakeRow extend = takes.stream().filter(t -> t.kind().equals("extend")).findFirst().orElseThrow();
    assertEquals(0, new BigDecimal("0.49").compareTo(extend.costUsd()), "3.5 units per pro extension");
    // Kling's answer is the whole extended video: clip + extension
    assertEquals(10.0, videoSeconds(extend.assetId(), false), 0.05);
    TakeRow lipSync = takes.stream().filter(t -> t.kind().equals("lip_sync")).findFirst().orElseThrow();
    assertEquals(10.0, videoSeconds(lipSync.assetId(), true), 0.05);
    Path finalCut = downloads.resolve(id + ".mp4");
    Files.write(finalCut, client().retrieve(HttpRequest.GET(status.path("outputs").path("final_cut").asText())
        .bearerAuth(tokens.tokenFor("reviewer")), byte[].class));
    assertEquals(10.0, seconds(finalCut, true), 0.1, "the shot is the clip plus one extension");
  }

  /**
   * Kling 3.0 with two characters on Kling's own API: the shot's clip goes to omni-video as kling-v3-omni with the
   * three approved references after its start frame, fetched by the emulator through their signed URLs; the shot
   * without characters stays on image2video. Square frames keep the emulator's small keyframes at Kling's 300 px.
   */
  @Test
  void aKling3ShotWithCharactersSendsTheirReferencesToKling() throws Exception {
    Map<String, Integer> before = accepted();
    int referencesBefore = emulators.kling().referenceImages().size();
    String id = submit("""
        {"title": "Harbour on Kling", "provider": "kling", "model": "kling-v3", "tier": "pro", "aspect_ratio": "1:1",
         "budget_usd": 10, "review": {"keyframes": "auto", "clips": "auto"},
         "characters": [{"id": "mara", "name": "Mara", "references": [{"prompt": "Mara in a yellow rain jacket"}]},
                        {"id": "ivo", "name": "Ivo", "references": [{"prompt": "Ivo, an old fisherman"},
                                                                    {"prompt": "Ivo mending a net"}]}],
         "shots": [{"id": "dock", "prompt": "Mara waves to Ivo", "duration": 6, "characters": ["mara", "ivo"],
                    "audio": "native", "start_frame": {"prompt": "A harbour at dawn"}, "dialogue": {"text": "Cast off!"}},
                   {"id": "sea", "prompt": "The boat leaves", "duration": 5, "start_frame": {"prompt": "Open sea"}}]}
        """);
    JsonNode status = awaitEnd(id);

    assertEquals("completed", status.path("state").asText(), status.toString());
    List<TakeRow> takes = takes(status);
    assertEquals(7, takes.size(), "3 references, 2 keyframes, 2 clips: " + takes);
    assertOneAcceptedSubmissionPerTake(before, takes);
    List<KlingEmulator.ReferenceImage> received = emulators.kling().referenceImages()
        .subList(referencesBefore, emulators.kling().referenceImages().size());
    assertEquals(List.of(2, 3, 4), received.stream().map(KlingEmulator.ReferenceImage::position).toList(),
        "the three references after the start frame: " + received);
    for (KlingEmulator.ReferenceImage image : received) {
      assertEquals("kling-v3-omni", image.model());
      assertEquals("png", image.format());
      assertEquals(received.get(0).key(), image.key(), "all in the one clip's request");
    }
    assertEquals(3, received.stream().map(KlingEmulator.ReferenceImage::sha256).distinct().count(),
        "three different pictures");
    TakeRow dock = takes.stream().filter(t -> t.kind().equals("clip") && t.shotId().equals("dock")).findFirst()
        .orElseThrow();
    assertEquals(6.0, videoSeconds(dock.assetId(), false), 0.05);
    assertEquals(0, new BigDecimal("2.016").compareTo(dock.costUsd()), "6 s × 2.4 units × $0.14: " + dock.costUsd());
  }

  /**
   * A 15 s Kling shot (a 5 s clip and two 5 s extends) with a 4.5 s line at {@code dialogue.start} 3 s: Kling's
   * lip-sync takes 2–10 s of video, so the shot is lip-synced clip by clip where the line reaches (the first two
   * clips) and every request the emulator received is within Kling's limits. The final mix has the line at 3–7.5 s.
   */
  @Test
  void aFifteenSecondKlingShotWithDialogueLipSyncsWithinKlingsLimits() throws Exception {
    String voice = uploadVoice();
    int before = emulators.kling().lipSyncCalls().size();
    String id = submit("""
        {"title": "Long line", "provider": "kling", "tier": "pro", "budget_usd": 5,
         "review": {"keyframes": "auto", "clips": "auto", "lip_sync": "auto"},
         "shots": [{"id": "talk", "prompt": "The wearer speaks to camera", "duration": 5,
                    "start_frame": {"prompt": "A wrist wearing the steel watch"},
                    "extend": [{"prompt": "She leans in"}, {"prompt": "She sits back"}],
                    "dialogue": {"audio": "asset:%s", "start": 3}}]}
        """.formatted(voice));
    JsonNode status = awaitEnd(id);

    assertEquals("completed", status.path("state").asText(), status.toString());
    List<KlingEmulator.LipSyncCall> calls = emulators.kling().lipSyncCalls().subList(before,
        emulators.kling().lipSyncCalls().size());
    assertEquals(2, calls.size(), "the two clips the line reaches: " + calls);
    for (KlingEmulator.LipSyncCall call : calls) {
      assertEquals(null, call.problem(), call.toString());
      assertTrue(call.videoSeconds() >= 2 && call.videoSeconds() <= 10, call.toString());
      assertTrue(call.audioSeconds() >= 2 && call.audioSeconds() <= 60, call.toString());
      assertTrue(call.audioBytes() <= 5L * 1024 * 1024, call.toString());
    }
    assertEquals(5.0, calls.get(0).videoSeconds(), 0.05);
    assertEquals(5.0, calls.get(0).audioSeconds(), 0.05, "3 s of silence, then the line's first 2 s");
    assertEquals(2.5, calls.get(1).audioSeconds(), 0.05, "the rest of the line");
    List<TakeRow> lipSyncs = takes(status).stream().filter(t -> t.kind().equals("lip_sync")).toList();
    assertEquals(2, lipSyncs.size());
    assertTrue(lipSyncs.stream().allMatch(t -> t.approved() && "kling".equals(t.provider())), lipSyncs.toString());

    Path finalCut = downloads.resolve(id + ".mp4");
    Files.write(finalCut, client().retrieve(HttpRequest.GET(status.path("outputs").path("final_cut").asText())
        .bearerAuth(tokens.tokenFor("reviewer")), byte[].class));
    assertEquals(15.0, seconds(finalCut, true), 0.1);
    double[] levels = SoundProfile.levels(finalCut, 0.5, 30);
    for (int w = 0; w < 30; w++) {
      double at = w * 0.5;
      if (at < 2.5 || at >= 8) {
        assertTrue(levels[w] < -60, "silence at " + at + " s: " + levels[w] + " dBFS");
      }
    }
    assertTrue(java.util.stream.IntStream.range(6, 15).mapToDouble(w -> levels[w]).max().orElseThrow() > -40,
        "the line between 3 and 7.5 s: " + java.util.Arrays.toString(levels));
  }

  /**
   * A 15 s local shot whose 4.5 s line starts 8 s in: the local lip-sync takes the whole shot (up to 60 s), sent the
   * line after 8 s of silence, and the final mix has it at 8–12.5 s.
   */
  @Test
  void aFifteenSecondLocalShotSpeaksItsLineAtDialogueStart() throws Exception {
    String voice = uploadVoice();
    String id = create("""
        {"title": "Late line", "provider": "local",
         "review": {"keyframes": "auto", "clips": "auto", "lip_sync": "auto"},
         "shots": [{"id": "talk", "prompt": "The wearer speaks to camera", "duration": 5,
                    "start_frame": {"prompt": "A wrist wearing the steel watch"},
                    "extend": [{"prompt": "She leans in"}, {"prompt": "She sits back"}],
                    "dialogue": {"audio": "asset:%s", "start": 8}}]}
        """.formatted(voice)).path("id").asText();
    JsonNode status = awaitEnd(id);

    assertEquals("completed", status.path("state").asText(), status.toString());
    List<TakeRow> lipSyncs = takes(status).stream().filter(t -> t.kind().equals("lip_sync")).toList();
    assertEquals(1, lipSyncs.size(), "one call on the whole shot");
    Path finalCut = downloads.resolve(id + ".mp4");
    Files.write(finalCut, client().retrieve(HttpRequest.GET(status.path("outputs").path("final_cut").asText())
        .bearerAuth(tokens.tokenFor("reviewer")), byte[].class));
    assertEquals(15.0, seconds(finalCut, true), 0.1);
    double[] levels = SoundProfile.levels(finalCut, 0.5, 30);
    for (int w = 0; w < 30; w++) {
      double at = w * 0.5;
      if (at < 7.5 || at >= 13) {
        assertTrue(levels[w] < -60, "silence at " + at + " s: " + java.util.Arrays.toString(levels));
      }
    }
    assertTrue(java.util.stream.IntStream.range(16, 25).mapToDouble(w -> levels[w]).max().orElseThrow() > -40,
        "the line between 8 and 12.5 s: " + java.util.Arrays.toString(levels));
  }

  /** A line that would end after its shot is refused at submission, naming dialogue.start; nothing runs. */
  @Test
  void aLineThatWouldEndAfterItsShotIsRefusedNamingDialogueStart() throws Exception {
    String voice = uploadVoice();
    int before = catalog.list().size();
    io.micronaut.http.client.exceptions.HttpClientResponseException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.micronaut.http.client.exceptions.HttpClientResponseException.class,
        () -> create("""
            {"title": "Late line", "provider": "local",
             "shots": [{"id": "talk", "prompt": "She speaks", "duration": 5,
                        "start_frame": {"prompt": "A woman at a desk"},
                        "dialogue": {"audio": "asset:%s", "start": 1.5}}]}
            """.formatted(voice)));
    assertEquals(HttpStatus.BAD_REQUEST, e.getStatus());
    JsonNode error = JSON.readTree(e.getResponse().getBody(String.class).orElseThrow()).path("errors").get(0);
    assertEquals("shots[0].dialogue.start", error.path("field").asText());
    assertEquals("talk", error.path("shot").asText());
    assertTrue(error.path("message").asText().contains("ends at 6.01 s, after the shot's end at 5 s"), error.toString());
    assertEquals(before, catalog.list().size(), "nothing was stored");
  }

  /** The length of an asset's video; {@code withAudio} also asserts it has a sound track. */
  private double videoSeconds(String assetId, boolean withAudio) throws Exception {
    Path file = downloads.resolve(assetId);
    Files.write(file, client().retrieve(HttpRequest.GET("/api/assets/" + assetId)
        .bearerAuth(tokens.tokenFor("reviewer")), byte[].class));
    return seconds(file, withAudio);
  }

  private static double seconds(Path video, boolean withAudio) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
      grabber.start();
      if (withAudio) {
        assertTrue(grabber.hasAudio(), video + " has a sound track");
      }
      double seconds = grabber.getLengthInTime() / 1_000_000.0;
      grabber.stop();
      return seconds;
    }
  }

  // ---------------------------------------------------------------- the storyboard

  /** Like examples/watch-reveal.yaml, priced, reviews automatic. */
  private static String spec(String provider, List<String> fallbacks, String lipSync, String voice) throws Exception {
    return """
        {"title": "Watch reveal on %s", "provider": "%s", "tier": "pro", "fallback_providers": %s, "budget_usd": 10,
         "review": {"keyframes": "auto", "clips": "auto", "lip_sync": "auto"},
         "shots": [
           {"id": "reveal", "prompt": "Camera pushes in as the lid lifts", "duration": 5,
            "start_frame": {"prompt": "A closed matte-black box on a pedestal"},
            "end_frame": {"prompt": "The open box, a steel watch inside"}},
           {"id": "closeup", "prompt": "Push into the dial", "duration": 5, "start_frame": {"from": "reveal"},
            "extend": [{"prompt": "Slow orbit around the watch"}]},
           {"id": "wrist", "prompt": "The wearer speaks to camera", "duration": 5,
            "start_frame": {"prompt": "A wrist wearing the steel watch"},
            "dialogue": {"audio": "asset:%s", "lip_sync": {"provider": "%s"}}}]}
        """.formatted(provider, provider, JSON.writeValueAsString(fallbacks), voice, lipSync);
  }

  private void assertCompletedWithCut(JsonNode status) throws Exception {
    assertEquals("completed", status.path("state").asText(), status.toString());
    Path finalCut = downloads.resolve(status.path("id").asText() + ".mp4");
    Files.write(finalCut, client().retrieve(HttpRequest.GET(status.path("outputs").path("final_cut").asText())
        .bearerAuth(tokens.tokenFor("reviewer")), byte[].class));
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(finalCut.toFile())) {
      grabber.start();
      assertEquals(1280, grabber.getImageWidth());
      assertEquals(20.0, grabber.getLengthInTime() / 1_000_000.0, 0.1, "5 + (5 + 5) + 5 seconds");
      grabber.stop();
    }
    BigDecimal spend = status.path("spend_usd").decimalValue();
    assertTrue(spend.signum() > 0 && spend.compareTo(BigDecimal.TEN) <= 0, "spend within the budget: " + spend);
  }

  private List<TakeRow> takes(JsonNode status) {
    return catalog.entry(status.path("id").asText()).orElseThrow().takes();
  }

  /** Every emulator together accepted one submission per take made, never two for one take. */
  private void assertOneAcceptedSubmissionPerTake(Map<String, Integer> before, List<TakeRow> takes) throws Exception {
    Map<String, Integer> after = accepted();
    after.forEach((key, count) -> assertTrue(count - before.getOrDefault(key, 0) <= 1, key + " accepted " + count));
    assertEquals(takes.size(), delta(before, after), "accepted submissions, one per take");
  }

  private static int delta(Map<String, Integer> before, Map<String, Integer> after) {
    int total = 0;
    for (var e : after.entrySet()) {
      total += e.getValue() - before.getOrDefault(e.getKey(), 0);
    }
    return total;
  }

  // ---------------------------------------------------------------- emulator admin routes

  /** Each emulator's base URL (from the properties that point the adapters at them), by provider. */
  private Map<String, String> emulatorUrls() {
    Map<String, String> urls = new HashMap<>();
    emulators.properties().forEach((key, value) -> {
      if (key.startsWith("shotflow.providers.") && key.endsWith(".base-url")) {
        urls.put(key.substring("shotflow.providers.".length(), key.length() - ".base-url".length()), value);
      }
    });
    return urls;
  }

  private void inject(String provider, String fault, int times) throws Exception {
    var response = ADMIN.send(java.net.http.HttpRequest.newBuilder(URI.create(emulatorUrls().get(provider) + "/emulator/faults"))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
            Map.of("fault", fault, "on", "submit", "times", times)))).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
    assertEquals(204, response.statusCode());
  }

  /** Accepted submissions of every emulator, keyed {@code provider/idempotency key}. */
  private Map<String, Integer> accepted() throws Exception {
    Map<String, Integer> all = new HashMap<>();
    for (var e : emulatorUrls().entrySet()) {
      var response = ADMIN.send(java.net.http.HttpRequest.newBuilder(URI.create(e.getValue() + "/emulator/submissions"))
          .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      JSON.readTree(response.body()).fields().forEachRemaining(f -> all.put(e.getKey() + "/" + f.getKey(), f.getValue().asInt()));
    }
    return all;
  }

  // ---------------------------------------------------------------- the API

  private BlockingHttpClient client() {
    return http.toBlocking();
  }

  private String uploadVoice() throws Exception {
    Path wav = Path.of("..", "examples", "voice", "line1.wav");
    HttpResponse<String> uploaded = client().exchange(HttpRequest.POST("/api/assets", Files.readAllBytes(wav))
        .contentType("audio/wav").bearerAuth(tokens.tokenFor("producer")), String.class);
    return JSON.readTree(uploaded.body()).path("id").asText();
  }

  private String submit(String spec) throws Exception {
    JsonNode body = create(spec);
    assertTrue(body.path("estimated_cost_usd").decimalValue().signum() > 0, body.toString());
    return body.path("id").asText();
  }

  /** Submits {@code spec}; the created storyboard's answer. */
  private JsonNode create(String spec) throws Exception {
    HttpResponse<String> created = client().exchange(HttpRequest.POST("/api/storyboards", spec)
        .contentType(MediaType.APPLICATION_JSON).bearerAuth(tokens.tokenFor("producer")), String.class);
    assertEquals(HttpStatus.CREATED, created.getStatus());
    return JSON.readTree(created.body());
  }

  private void review(String id, String subject, String verdict) {
    client().exchange(HttpRequest.POST("/api/storyboards/" + id + "/reviews", Map.of("subject", subject,
        "verdict", verdict, "note", "provider paths test")).bearerAuth(tokens.tokenFor("reviewer")), String.class);
  }

  private JsonNode status(String id) throws Exception {
    return JSON.readTree(client().retrieve(HttpRequest.GET("/api/storyboards/" + id)
        .bearerAuth(tokens.tokenFor("reviewer")), String.class));
  }

  private JsonNode awaitEnd(String id) throws Exception {
    return awaitStatus(id, s -> {
      if (s.path("pending_reviews").size() > 0) {
        fail("unexpected decision: " + s.path("pending_reviews"));
      }
      return ENDED.contains(s.path("state").asText());
    });
  }

  private JsonNode awaitStatus(String id, java.util.function.Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonNode status = status(id);
    while (!done.test(status)) {
      if (System.nanoTime() > deadline) {
        fail("storyboard " + id + " did not get there in " + TIMEOUT + ": " + status);
      }
      Thread.sleep(250);
      status = status(id);
    }
    return status;
  }
}
