package io.shotflow.activities.provider.kling;

import static io.shotflow.activities.provider.ProviderHarness.await;
import static io.shotflow.activities.provider.ProviderHarness.fails;
import static io.shotflow.activities.provider.ProviderHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.emulator.kling.KlingEmulator;
import io.shotflow.emulator.kling.KlingFault;
import io.shotflow.media.AssetRef;
import io.shotflow.activities.media.MediaProbe;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.activities.provider.JobState;
import io.shotflow.activities.provider.ProviderActivitiesImpl;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.ProviderError;
import io.shotflow.activities.provider.ProviderException;
import io.shotflow.activities.provider.ProviderHarness;
import io.shotflow.activities.provider.ProviderInputs;
import io.shotflow.provider.ProviderJob;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.shotflow.platform.provider.ProviderSettings;

/** The Kling adapter against the Kling emulator over real HTTP: real media, real JWTs, injected faults. */
class KlingAdapterTest {

  private static final String AK = "ak-test";
  private static final String SK = "sk-test-secret";

  @TempDir Path dir;

  private ProviderHarness harness;
  private KlingEmulator emulator;
  private KlingAdapter adapter;
  private ProviderActivitiesImpl activities;
  private AssetRef start;

  @BeforeEach
  void start() throws Exception {
    harness = new ProviderHarness(dir);
    emulator = KlingEmulator.start(KlingEmulator.Options.of(AK, SK)
        .withLatency(Duration.ofMillis(50), Duration.ofMillis(150))
        .withSizes(320, 320)
        .withSlowAnswer(Duration.ofMillis(1500))
        .withFolder(dir.resolve("emulator")));
    adapter = adapter(null, Clock.systemUTC());
    start = harness.png(320, 180, Color.BLUE, Color.CYAN);
  }

  @AfterEach
  void stop() {
    emulator.close();
    harness.close();
  }

  private KlingAdapter adapter(String publicUrl, Clock clock) {
    ProviderSettings config = new ProviderSettings("kling");
    config.setBaseUrl(URI.create(emulator.baseUrl()));
    config.setAccessKey(AK);
    config.setSecretKey(SK);
    config.setWebhookSecret("hook-secret");
    config.setRequestTimeout(Duration.ofMillis(700));
    KlingAdapter a = new KlingAdapter(config, new ProviderInputs(publicUrl, harness.store),
        harness.http, harness.json, clock);
    activities = harness.activities(a);
    return a;
  }

  private GenerationRequest clip(String tier, AssetRef end) {
    return request(GenerationKind.CLIP, "kling", tier, 5, start, end, null, null);
  }

  private GenerationResult run(GenerationRequest request) {
    ProviderJob job = activities.submit(request);
    return await(activities, job, request);
  }

  private int accepted(GenerationRequest request) {
    return emulator.submissions().count(KlingAdapter.externalTaskId(request.idempotencyKey()));
  }

  @Test
  void aClipIsSubmittedPolledAndDownloadedAsRealVideoWithItsActualCost() throws Exception {
    GenerationRequest request = clip("standard", null);

    GenerationResult result = run(request);

    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertEquals(320, info.width());
    assertEquals(180, info.height());
    assertEquals(5.0, info.durationSeconds(), 1e-6);
    assertEquals(120, info.frames());
    assertEquals("video/mp4", result.asset().contentType());
    assertEquals(0, new BigDecimal("0.28").compareTo(result.costUsd()), "2 units at $0.14: " + result.costUsd());
    assertEquals(1, accepted(request));
  }

  @Test
  void aProClipTakesAnEndFrameAndMasterCostsItsUnits() throws Exception {
    AssetRef end = harness.png(320, 180, Color.RED, Color.ORANGE);
    GenerationResult pro = run(clip("pro", end));
    assertEquals(0, new BigDecimal("0.49").compareTo(pro.costUsd()));
    assertEquals(5.0, MediaProbe.probe(harness.store.path(pro.asset().id())).durationSeconds(), 1e-6);

    GenerationResult master = run(clip("master", null));
    assertEquals(0, new BigDecimal("1.40").compareTo(master.costUsd()));
  }

  @Test
  void aKeyframeIsARealPngAtTheAspectRatio() throws Exception {
    GenerationRequest request = request(GenerationKind.KEYFRAME, "kling", "pro", 5, null, null, null, null);

    GenerationResult result = run(request);

    BufferedImage image = ImageIO.read(harness.store.path(result.asset().id()).toFile());
    assertEquals(320, image.getWidth());
    assertEquals(180, image.getHeight());
    assertEquals("image/png", result.asset().contentType());
    assertEquals(0, new BigDecimal("0.014").compareTo(result.costUsd()), "4 image units at $0.0035");
  }

  @Test
  void anExtendIsAnImageToVideoFromTheGivenStartFrame() throws Exception {
    GenerationRequest request = request(GenerationKind.EXTEND, "kling", "standard", 5, start, null, null, null);
    GenerationResult result = run(request);
    assertEquals(120, MediaProbe.probe(harness.store.path(result.asset().id())).frames());
  }

  @Test
  void lipSyncFetchesInputsFromThePublicUrlAndCallsBackWithTheToken() throws Exception {
    adapter = adapter(harness.site.url(), Clock.systemUTC());
    GenerationResult clip = run(clip("standard", null));
    AssetRef audio = harness.wav(3);
    GenerationRequest request = request(GenerationKind.LIP_SYNC, "kling", "standard", 5, null, null, clip.asset(), audio);

    ProviderJob job = activities.submit(request);
    GenerationResult result = await(activities, job, request);

    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertTrue(info.hasAudio(), "the dialogue is muxed in");
    assertEquals(120, info.frames());
    assertEquals(0, new BigDecimal("0.07").compareTo(result.costUsd()), "0.5 units per 5 s");
    JsonNode callback = null;
    for (ProviderHarness.Received r; (r = harness.site.webhooks.poll(5, TimeUnit.SECONDS)) != null; ) {
      JsonNode task = new ObjectMapper().readTree(r.body());
      assertEquals("/api/webhooks/kling", r.path());
      assertEquals("token=hook-secret", r.query());
      if (task.path("task_id").asText().equals(job.jobId()) && task.path("task_status").asText().equals("succeed")) {
        callback = task;
        break;
      }
    }
    assertNotNull(callback, "the emulator called back with the bare task object");
  }

  @Test
  void textLipSyncSpeaksTheLineInText2VideoMode() throws Exception {
    adapter = adapter(harness.site.url(), Clock.systemUTC());
    GenerationResult clip = run(clip("standard", null));

    GenerationResult result = run(ProviderHarness.spoken("kling", clip.asset(), "The watch was my grandfather's.", "en_AOT", 1.0));

    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertTrue(info.hasAudio(), "the spoken line is the sound track");
    assertEquals(120, info.frames());
    assertEquals(0, new BigDecimal("0.07").compareTo(result.costUsd()), "priced like audio: 0.5 units per 5 s");
  }

  @Test
  void text2VideoOutsideKlingsLimitsIsRefusedWith1201() throws Exception {
    adapter = adapter(harness.site.url(), Clock.systemUTC());
    GenerationResult clip = run(clip("standard", null));

    ProviderException speed = fails(ProviderError.INVALID_REQUEST,
        () -> adapter.submit(ProviderHarness.spoken("kling", clip.asset(), "Too fast.", "en_AOT", 2.5)));
    assertTrue(speed.getMessage().contains("voice_speed"), speed.getMessage());
    ProviderException voice = fails(ProviderError.INVALID_REQUEST,
        () -> adapter.submit(ProviderHarness.spoken("kling", clip.asset(), "Who speaks?", "", 1.0)));
    assertTrue(voice.getMessage().contains("voice_id"), voice.getMessage());
    assertFalse(speed.error().retryable());
  }

  private GenerationRequest kling16(GenerationKind kind, AssetRef startFrame, AssetRef source, String sourceVideoId) {
    GenerationRequest r = request(kind, "kling", "pro", 5, startFrame, null, source, null);
    return new GenerationRequest(r.idempotencyKey(), r.storyboardId(), r.shotId(), kind, "kling",
        ProviderCatalog.KLING_V1_6, "pro", kind == GenerationKind.EXTEND ? "Slow orbit" : r.prompt(), null, 5,
        r.width(), r.height(), r.fps(), r.aspectRatio(), startFrame, null, source, null, 1, null, sourceVideoId);
  }

  @Test
  void aKling16ClipExtendsNativelyIntoOneLongerVideo() throws Exception {
    GenerationResult clip = run(kling16(GenerationKind.CLIP, start, null, null));
    assertNotNull(clip.outputVideoId(), "the clip's Kling video id is recorded");
    assertEquals(0, new BigDecimal("0.49").compareTo(clip.costUsd()));

    GenerationResult once = run(kling16(GenerationKind.EXTEND, null, clip.asset(), clip.outputVideoId()));
    GenerationResult twice = run(kling16(GenerationKind.EXTEND, null, once.asset(), once.outputVideoId()));

    MediaProbe.Info first = MediaProbe.probe(harness.store.path(once.asset().id()));
    assertEquals(10.0, first.durationSeconds(), 1e-6, "the whole extended video: clip + 5 s");
    assertEquals(320, first.width());
    assertEquals(15.0, MediaProbe.probe(harness.store.path(twice.asset().id())).durationSeconds(), 1e-6);
    assertEquals(15.0, twice.durationSeconds(), 1e-6);
    assertEquals(0, new BigDecimal("0.49").compareTo(once.costUsd()), "3.5 units per pro extension");
    assertTrue(!twice.outputVideoId().equals(once.outputVideoId()));
  }

  @Test
  void aKling21VideoCannotBeExtendedNatively() throws Exception {
    GenerationResult clip = run(clip("pro", null));
    GenerationRequest extend = kling16(GenerationKind.EXTEND, null, clip.asset(), clip.outputVideoId());

    ProviderException e = fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(extend));
    assertTrue(e.getMessage().contains("1201") || e.getMessage().contains("V1.6"), e.getMessage());
    assertEquals(0, accepted(extend));
  }

  @Test
  void lipSyncOfAKlingVideoNeedsNoPublicUrl() throws Exception {
    // no public URL: the audio goes inline, the video by Kling's own id
    GenerationResult clip = run(clip("standard", null));
    assertNotNull(clip.outputVideoId());
    GenerationRequest r = request(GenerationKind.LIP_SYNC, "kling", "standard", 5, null, null, clip.asset(),
        harness.wav(3));
    GenerationRequest byId = new GenerationRequest(r.idempotencyKey(), r.storyboardId(), r.shotId(), r.kind(),
        r.provider(), r.model(), r.tier(), r.prompt(), r.negativePrompt(), r.durationSeconds(), r.width(), r.height(),
        r.fps(), r.aspectRatio(), null, null, clip.asset(), r.audio(), 1, null, clip.outputVideoId());

    GenerationResult result = run(byId);

    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertTrue(info.hasAudio(), "the dialogue is muxed in");
    assertEquals(120, info.frames());
  }

  @Test
  void lipSyncWithoutAPublicUrlIsAnInvalidRequestNamingTheSetting() {
    GenerationRequest request = request(GenerationKind.LIP_SYNC, "kling", "standard", 5, null, null, start, start);
    ProviderException e = fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(request));
    assertTrue(e.getMessage().contains("shotflow.public-url"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"RATE_LIMIT,RATE_LIMITED", "CONCURRENCY,RATE_LIMITED", "SERVER_ERROR,TRANSIENT", "MAINTENANCE,TRANSIENT",
      "MALFORMED_JSON,TRANSIENT"})
  void retryableSubmitErrorsAreClassifiedAndTheRetrySucceedsWithOneAcceptedTask(KlingFault fault, ProviderError error)
      throws Exception {
    GenerationRequest request = clip("standard", null);
    emulator.onSubmit().inject(fault, 2);

    assertTrue(fails(error, () -> adapter.submit(request)).error().retryable());
    assertTrue(fails(error, () -> adapter.submit(request)).error().retryable());
    GenerationResult result = run(request);

    assertEquals(5.0, MediaProbe.probe(harness.store.path(result.asset().id())).durationSeconds(), 1e-6);
    assertEquals(1, accepted(request));
  }

  @ParameterizedTest
  @CsvSource({"RATE_LIMIT,RATE_LIMITED", "SERVER_ERROR,TRANSIENT", "MALFORMED_JSON,TRANSIENT"})
  void retryablePollErrorsAreClassifiedAndTheWaitCarriesOn(KlingFault fault, ProviderError error) {
    GenerationRequest request = clip("standard", null);
    ProviderJob job = activities.submit(request);
    emulator.onQuery().inject(fault, 1);

    assertTrue(fails(error, () -> adapter.poll(job, request)).error().retryable());
    GenerationResult result = await(activities, job, request);

    assertNotNull(result.asset());
    assertEquals(1, accepted(request));
  }

  @Test
  void theConcurrencyLimitOfTheAccountIsRateLimitingUntilASlotFrees() throws Exception {
    emulator.close();
    emulator = KlingEmulator.start(KlingEmulator.Options.of(AK, SK).withConcurrency(1)
        .withLatency(Duration.ofMillis(50), Duration.ofMillis(300)).withSizes(320, 320));
    adapter = adapter(null, Clock.systemUTC());
    GenerationRequest first = clip("standard", null);
    GenerationRequest second = clip("standard", null);
    ProviderJob job = activities.submit(first);

    ProviderException busy = fails(ProviderError.RATE_LIMITED, () -> adapter.submit(second));
    assertTrue(busy.getMessage().contains("1303"), busy.getMessage());
    await(activities, job, first);
    assertNotNull(run(second).asset());
    assertEquals(1, accepted(second));
  }

  @ParameterizedTest
  @CsvSource({"BALANCE,INSUFFICIENT_BALANCE", "ARREARS,INSUFFICIENT_BALANCE", "ACCOUNT_EXCEPTION,INSUFFICIENT_BALANCE",
      "CONTENT_POLICY,CONTENT_POLICY", "INVALID_PARAMS,INVALID_REQUEST"})
  void permanentSubmitErrorsAreNeverRetried(KlingFault fault, ProviderError error) {
    GenerationRequest request = clip("standard", null);
    emulator.onSubmit().inject(fault, 1);

    ProviderException e = fails(error, () -> adapter.submit(request));

    assertFalse(e.error().retryable());
    assertTrue(e.getMessage().contains(String.valueOf(switch (fault) {
      case BALANCE -> 1102;
      case ARREARS -> 1101;
      case ACCOUNT_EXCEPTION -> 1100;
      case CONTENT_POLICY -> 1301;
      default -> 1201;
    })), e.getMessage());
    assertEquals(0, accepted(request));
  }

  @Test
  void anEndFrameOutsideProIsRefusedBeforeSending() throws Exception {
    AssetRef end = harness.png(320, 180, Color.RED, Color.ORANGE);
    GenerationRequest request = clip("standard", end);

    ProviderException e = fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(request));

    assertTrue(e.getMessage().startsWith("end_frame: kling's kling-v2.1 standard takes no end frame"), e.getMessage());
    assertEquals(0, accepted(request));
    assertEquals(0, emulator.requests(), "nothing was sent");
  }

  /** Kling's lip-sync takes audio of 2–60 s: the emulator fails a shorter piece and records what it received. */
  @Test
  void aLipSyncOutsideKlingsLimitsFailsAndIsRecorded() throws Exception {
    adapter = adapter(harness.site.url(), Clock.systemUTC());
    GenerationResult clip = run(clip("standard", null));
    int before = emulator.lipSyncCalls().size();
    GenerationRequest request = request(GenerationKind.LIP_SYNC, "kling", "standard", 5, null, null, clip.asset(),
        harness.wav(1));

    JobState state = ProviderHarness.pollUntilEnded(adapter, activities.submit(request), request);

    assertInstanceOf(JobState.Failed.class, state);
    KlingEmulator.LipSyncCall call = emulator.lipSyncCalls().get(before);
    assertEquals(5.0, call.videoSeconds(), 0.05);
    assertEquals(1.0, call.audioSeconds(), 0.05);
    assertTrue(call.problem().contains("the audio is 1.00 s; lip-sync takes 2-60 s"), call.problem());
  }

  @ParameterizedTest
  @CsvSource({"TASK_FAILED_RISK,CONTENT_POLICY", "TASK_FAILED,JOB_FAILED"})
  void aFailedTaskIsClassifiedFromItsMessage(KlingFault fault, ProviderError error) {
    GenerationRequest request = clip("standard", null);
    emulator.onSubmit().inject(fault, 1);
    ProviderJob job = activities.submit(request);

    JobState state = ProviderHarness.pollUntilEnded(adapter, job, request);

    JobState.Failed failed = assertInstanceOf(JobState.Failed.class, state);
    assertEquals(error, failed.error());
    assertEquals(1, accepted(request));
  }

  @ParameterizedTest
  @CsvSource({"SLOW_ANSWER", "DROP_AFTER_ACCEPT"})
  void anAmbiguousSubmitFindsTheAcceptedTaskByItsExternalIdInsteadOfPayingTwice(KlingFault fault) {
    GenerationRequest request = clip("standard", null);
    emulator.onSubmit().inject(fault, 1);

    ProviderJob job = activities.submit(request);
    GenerationResult result = await(activities, job, request);

    assertNotNull(result.asset());
    assertEquals(1, accepted(request), "exactly one accepted submission for the take");
    assertEquals(1, emulator.submissions().total());
  }

  @Test
  void aSubmitRetriedAfterAWorkerCrashFindsTheFirstTask() {
    GenerationRequest request = clip("standard", null);
    String first = adapter.submit(request);

    String again = adapter.submit(request);

    assertEquals(first, again);
    assertEquals(1, accepted(request));
  }

  @Test
  void aRejectedTokenIsReMintedAndTheCallRetriedOnceOnly() {
    GenerationRequest request = clip("standard", null);
    emulator.onSubmit().inject(KlingFault.TOKEN_EXPIRED, 1);
    assertNotNull(adapter.submit(request));
    assertEquals(1, accepted(request));

    GenerationRequest other = clip("standard", null);
    emulator.onSubmit().inject(KlingFault.TOKEN_EXPIRED, 2);
    ProviderException e = fails(ProviderError.UNAUTHORIZED, () -> adapter.submit(other));
    assertFalse(e.error().retryable());
    assertTrue(e.getMessage().contains("1004"), e.getMessage());
  }

  @Test
  void tokensAreReusedAndReMintedAMinuteBeforeExpiry() {
    MutableClock clock = new MutableClock(Instant.now());
    emulator.close();
    emulator = startWithClock(clock);
    adapter = adapter(null, clock);

    adapter.submit(clip("standard", null));
    adapter.submit(clip("standard", null));
    assertEquals(1, emulator.distinctTokens(), "one token while it is fresh");

    clock.advance(Duration.ofMinutes(29).plusSeconds(5));
    adapter.submit(clip("standard", null));
    assertEquals(2, emulator.distinctTokens(), "a new token inside the last minute");
  }

  @Test
  void theEmulatorRejectsExpiredNotYetValidAndForeignTokens() {
    MutableClock kling = new MutableClock(Instant.now());
    emulator.close();
    emulator = startWithClock(kling);

    adapter = adapter(null, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-31)));
    assertTrue(fails(ProviderError.UNAUTHORIZED, () -> adapter.submit(clip("standard", null))).getMessage()
        .contains("1004"));

    adapter = adapter(null, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5)));
    assertTrue(fails(ProviderError.UNAUTHORIZED, () -> adapter.submit(clip("standard", null))).getMessage()
        .contains("1003"));

    ProviderSettings wrong = new ProviderSettings("kling");
    wrong.setBaseUrl(URI.create(emulator.baseUrl()));
    wrong.setAccessKey(AK);
    wrong.setSecretKey("not-the-secret");
    KlingAdapter forged = new KlingAdapter(wrong, new ProviderInputs(null, harness.store), harness.http, harness.json);
    assertTrue(fails(ProviderError.UNAUTHORIZED, () -> forged.submit(clip("standard", null))).getMessage()
        .contains("1002"));
    assertEquals(0, emulator.submissions().total());
  }

  @Test
  void faultsCanBeInjectedAndSubmissionsReadOverTheEmulatorsAdminRoutes() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpResponse<String> injected = http.send(java.net.http.HttpRequest.newBuilder(
            URI.create(emulator.baseUrl() + "/emulator/faults"))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"fault\":\"balance\",\"on\":\"submit\"}"))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(204, injected.statusCode());
    GenerationRequest refused = clip("standard", null);
    fails(ProviderError.INSUFFICIENT_BALANCE, () -> adapter.submit(refused));
    GenerationRequest accepted = clip("standard", null);
    adapter.submit(accepted);

    JsonNode counts = new ObjectMapper().readTree(http.send(java.net.http.HttpRequest.newBuilder(
            URI.create(emulator.baseUrl() + "/emulator/submissions")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
    assertEquals(1, counts.path(KlingAdapter.externalTaskId(accepted.idempotencyKey())).asInt());
    assertEquals(1, counts.size());
  }

  private KlingEmulator startWithClock(Clock clock) {
    try {
      return KlingEmulator.start(KlingEmulator.Options.of(AK, SK).withClock(clock)
          .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withSizes(320, 320));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
