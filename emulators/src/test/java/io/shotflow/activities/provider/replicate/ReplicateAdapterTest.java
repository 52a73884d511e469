package io.shotflow.activities.provider.replicate;

import static io.shotflow.activities.provider.ProviderHarness.await;
import static io.shotflow.activities.provider.ProviderHarness.fails;
import static io.shotflow.activities.provider.ProviderHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.emulator.common.Hmac;
import io.shotflow.emulator.replicate.ReplicateEmulator;
import io.shotflow.emulator.replicate.ReplicateFault;
import io.shotflow.media.AssetRef;
import io.shotflow.activities.media.MediaProbe;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.activities.provider.JobState;
import io.shotflow.activities.provider.ProviderActivitiesImpl;
import io.shotflow.provider.ProviderError;
import io.shotflow.activities.provider.ProviderException;
import io.shotflow.activities.provider.ProviderHarness;
import io.shotflow.activities.provider.ProviderInputs;
import io.shotflow.provider.ProviderJob;
import io.shotflow.testing.TestMedia;
import io.temporal.failure.ApplicationFailure;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.shotflow.platform.provider.ProviderSettings;

/** The Replicate adapter against the Replicate emulator over real HTTP: real media, predictions, injected faults. */
class ReplicateAdapterTest {

  private static final String KEY = "r8_test_token";

  @TempDir Path dir;

  private ProviderHarness harness;
  private ReplicateEmulator emulator;
  private ReplicateAdapter adapter;
  private ProviderActivitiesImpl activities;
  private AssetRef start;

  @BeforeEach
  void start() throws Exception {
    harness = new ProviderHarness(dir);
    emulator = emulator(Duration.ofMillis(150));
    adapter = adapter(null, c -> {});
    start = harness.png(320, 180, Color.BLUE, Color.CYAN);
  }

  @AfterEach
  void stop() {
    emulator.close();
    harness.close();
  }

  private ReplicateEmulator emulator(Duration processing) throws Exception {
    return ReplicateEmulator.start(ReplicateEmulator.Options.of(KEY)
        .withLatency(Duration.ofMillis(50), processing)
        .withSizes(320, 320)
        .withSlowAnswer(Duration.ofMillis(1500))
        .withRetryAfterSeconds(2)
        .withFolder(dir.resolve("emulator-" + System.nanoTime())));
  }

  private ReplicateAdapter adapter(String publicUrl, Consumer<ProviderSettings> tweak) {
    ProviderSettings config = ProviderHarness.settings("replicate", emulator.baseUrl(), KEY);
    config.setRequestTimeout(Duration.ofMillis(700));
    tweak.accept(config);
    ReplicateAdapter a = new ReplicateAdapter(config, new ProviderInputs(publicUrl, harness.store),
        harness.http, harness.json);
    activities = harness.activities(a);
    return a;
  }

  private GenerationRequest clip(String tier, AssetRef end) {
    return request(GenerationKind.CLIP, "replicate", tier, 5, start, end, null, null);
  }

  private static GenerationRequest keyframe() {
    return request(GenerationKind.KEYFRAME, "replicate", "pro", 5, null, null, null, null);
  }

  private GenerationResult run(GenerationRequest request) {
    return await(activities, activities.submit(request), request);
  }

  @Test
  void aClipIsCreatedPolledAndDownloadedAsRealVideo() throws Exception {
    GenerationResult result = run(clip("standard", null));

    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertEquals(320, info.width());
    assertEquals(180, info.height());
    assertEquals(5.0, info.durationSeconds(), 1e-6);
    assertEquals(120, info.frames());
    assertEquals("video/mp4", result.asset().contentType());
    assertEquals(0, new BigDecimal("0.25").compareTo(result.costUsd()), "the rate card's Replicate standard 5 s");
    assertEquals(1, emulator.submissions().total());
  }

  @Test
  void proTakesAnEndImageMasterIsItsOwnModelAndOtherTiersRefuseAnEndFrameBeforeSending() throws Exception {
    AssetRef end = harness.png(320, 180, Color.RED, Color.ORANGE);

    GenerationResult pro = run(clip("pro", end));

    List<BufferedImage> frames = TestMedia.frames(harness.store.path(pro.asset().id()));
    BufferedImage last = frames.get(frames.size() - 1);
    assertTrue(TestMedia.meanDifference(last, ImageIO.read(harness.store.path(end.id()).toFile()))
        < TestMedia.meanDifference(last, ImageIO.read(harness.store.path(start.id()).toFile())),
        "the clip ends on the end frame");
    assertEquals(0, new BigDecimal("0.45").compareTo(pro.costUsd()));
    assertEquals("kwaivgi/kling-v2.1-master", adapter.model(clip("master", null)));

    ProviderException e = fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(clip("standard", end)));
    assertTrue(e.getMessage().startsWith("end_frame:"), e.getMessage());
    assertEquals(1, emulator.submissions().total());
  }

  @Test
  void aKeyframeIsTheFirstOutputOfFluxAsARealPngAtTheAspectRatio() throws Exception {
    GenerationResult result = run(keyframe());

    BufferedImage image = ImageIO.read(harness.store.path(result.asset().id()).toFile());
    assertEquals(320, image.getWidth());
    assertEquals(180, image.getHeight());
    assertEquals(0, new BigDecimal("0.025").compareTo(result.costUsd()));
  }

  @Test
  void lipSyncReturnsTheVideoWithTheDialogue() throws Exception {
    GenerationResult clip = run(clip("standard", null));
    GenerationRequest request = request(GenerationKind.LIP_SYNC, "replicate", "standard", 5, null, null, clip.asset(),
        harness.wav(3));

    GenerationResult result = run(request);

    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertTrue(info.hasAudio());
    assertEquals(120, info.frames());
    assertEquals(0, new BigDecimal("0.07").compareTo(result.costUsd()));
  }

  @Test
  void aLineOfTextIsSpokenWithTheVoiceIdAndSpeed() throws Exception {
    GenerationResult clip = run(clip("standard", null));

    GenerationResult result = run(ProviderHarness.spoken("replicate", clip.asset(), "Hello there.", "en_AOT", 0.8));

    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertTrue(info.hasAudio(), "the spoken line is the sound track");
    assertEquals(120, info.frames());
  }

  @Test
  void aVoiceSpeedOutOfRangeIsAnInvalidRequestNamingTheField() throws Exception {
    GenerationResult clip = run(clip("standard", null));
    ProviderException e = fails(ProviderError.INVALID_REQUEST,
        () -> adapter.submit(ProviderHarness.spoken("replicate", clip.asset(), "Hello there.", "en_AOT", 2.5)));
    assertTrue(e.getMessage().contains("HTTP 422") && e.getMessage().contains("input.voice_speed"), e.getMessage());
    assertFalse(e.error().retryable());
  }

  @Test
  void withAPublicUrlTheCompletedWebhookIsSignedTheStandardWebhooksWay() throws Exception {
    adapter = adapter(harness.site.url(), c -> {});
    GenerationRequest request = clip("standard", null);

    ProviderJob job = activities.submit(request);
    await(activities, job, request);

    ProviderHarness.Received hook = harness.site.webhooks.poll(5, TimeUnit.SECONDS);
    assertNotNull(hook, "Replicate called the webhook");
    assertEquals("/api/webhooks/replicate", hook.path());
    JsonNode body = new ObjectMapper().readTree(hook.body());
    assertEquals(job.jobId(), body.path("id").asText());
    assertEquals("succeeded", body.path("status").asText(), "only the completed event was asked for");
    assertTrue(body.path("input").path("start_image").asText().startsWith(harness.site.url() + "/api/assets/"));
    String id = hook.headers().get("Webhook-id").get(0);
    long timestamp = Long.parseLong(hook.headers().get("Webhook-timestamp").get(0));
    byte[] key = Base64.getDecoder().decode(emulator.webhookSecret().substring("whsec_".length()));
    assertEquals("v1," + Base64.getEncoder().encodeToString(Hmac.sha256(key, id + "." + timestamp + ".", hook.body())),
        hook.headers().get("Webhook-signature").get(0));
    assertNull(harness.site.webhooks.poll(300, TimeUnit.MILLISECONDS), "no start event was sent");
  }

  @Test
  void aRetryAfterInSecondsOrAsAnHttpDateBecomesTheNextRetrysDelay() {
    GenerationRequest request = keyframe();
    emulator.onSubmit().inject(ReplicateFault.RATE_LIMIT, 1);
    ApplicationFailure failure = assertThrows(ApplicationFailure.class, () -> activities.submit(request));
    assertEquals(ProviderError.RATE_LIMITED.name(), failure.getType());
    assertFalse(failure.isNonRetryable());
    assertEquals(Duration.ofSeconds(2), failure.getNextRetryDelay(), "Temporal waits what Replicate asked");

    emulator.onSubmit().inject(ReplicateFault.RATE_LIMIT_HTTP_DATE, 1);
    ProviderException dated = fails(ProviderError.RATE_LIMITED, () -> adapter.submit(request));
    // an HTTP date has whole seconds: the 2 s asked reads as 1 to 2 s, less the time the answer took to arrive
    assertTrue(dated.retryAfter().compareTo(Duration.ofMillis(500)) >= 0
        && dated.retryAfter().compareTo(Duration.ofSeconds(2)) <= 0, dated.retryAfter().toString());

    ProviderJob job = activities.submit(request);
    emulator.onPrediction().inject(ReplicateFault.RATE_LIMIT, 1);
    assertEquals(Duration.ofSeconds(2), fails(ProviderError.RATE_LIMITED, () -> adapter.poll(job, request)).retryAfter());
    assertNotNull(await(activities, job, request).asset());
    assertEquals(1, emulator.submissions().total());
  }

  @ParameterizedTest
  @CsvSource({"SERVER_ERROR,TRANSIENT", "UNAVAILABLE,TRANSIENT"})
  void retryableCreateErrorsAreClassifiedAndTheRetrySucceedsWithOnePrediction(ReplicateFault fault,
      ProviderError error) {
    GenerationRequest request = keyframe();
    emulator.onSubmit().inject(fault, 1);

    assertTrue(fails(error, () -> adapter.submit(request)).error().retryable());

    assertNotNull(run(request).asset());
    assertEquals(1, emulator.submissions().total());
  }

  @ParameterizedTest
  @CsvSource({"SERVER_ERROR,TRANSIENT", "MALFORMED_JSON,TRANSIENT"})
  void retryablePredictionReadErrorsAreClassifiedAndTheWaitCarriesOn(ReplicateFault fault, ProviderError error) {
    GenerationRequest request = keyframe();
    ProviderJob job = activities.submit(request);
    emulator.onPrediction().inject(fault, 1);

    assertTrue(fails(error, () -> adapter.poll(job, request)).error().retryable());
    assertNotNull(await(activities, job, request).asset());
  }

  @ParameterizedTest
  @CsvSource({"UNAUTHORIZED,UNAUTHORIZED", "INSUFFICIENT_CREDIT,INSUFFICIENT_BALANCE", "INVALID_INPUT,INVALID_REQUEST"})
  void permanentCreateErrorsAreNeverRetried(ReplicateFault fault, ProviderError error) {
    emulator.onSubmit().inject(fault, 1);

    ProviderException e = fails(error, () -> adapter.submit(keyframe()));

    assertFalse(e.error().retryable());
    assertEquals(0, emulator.submissions().total());
  }

  @Test
  void inputTheModelRefusesIsAnInvalidRequestNamingTheField() {
    adapter = adapter(null, c -> c.setKeyframeModel("kwaivgi/kling-v2.1"));
    ProviderException e = fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(keyframe()));
    assertTrue(e.getMessage().contains("HTTP 422") && e.getMessage().contains("input.start_image"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"PREDICTION_SENSITIVE,CONTENT_POLICY", "PREDICTION_FAILED,JOB_FAILED"})
  void failedPredictionsArePermanentFailuresOfTheJob(ReplicateFault fault, ProviderError error) {
    GenerationRequest request = keyframe();
    emulator.onSubmit().inject(fault, 1);
    ProviderJob job = activities.submit(request);

    JobState.Failed failed =
        assertInstanceOf(JobState.Failed.class, ProviderHarness.pollUntilEnded(adapter, job, request));
    assertEquals(error, failed.error(), failed.message());
    assertFalse(failed.error().retryable());
  }

  @ParameterizedTest
  @CsvSource({"SLOW_ANSWER", "DROP_AFTER_ACCEPT", "MALFORMED_JSON"})
  void aCreateWhoseAnswerIsLostMayHaveBeenAcceptedAndIsNeverResent(ReplicateFault fault) {
    emulator.onSubmit().inject(fault, 1);

    ProviderException e = fails(ProviderError.TRANSIENT, () -> adapter.submit(keyframe()));

    assertTrue(e.mayHaveBeenAccepted(), "settled by a lookup, never by sending again");
    assertEquals(1, emulator.submissions().total(), "Replicate created it once; the adapter did not send it again");
  }

  @Test
  void preferWaitHoldsTheCreateUntilThePredictionEnds() {
    adapter = adapter(null, c -> {
      c.setRequestTimeout(Duration.ofSeconds(5));
      c.setPreferWait(Duration.ofSeconds(3));
    });
    GenerationRequest request = keyframe();

    ProviderJob job = activities.submit(request);

    assertInstanceOf(JobState.Succeeded.class, adapter.poll(job, request), "already done when the create answered");
    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
        () -> adapter(null, c -> c.setPreferWait(Duration.ofSeconds(1))));
    assertTrue(tooLong.getMessage().contains("prefer-wait"), tooLong.getMessage());
  }

  @Test
  void cancelAfterEndsAPredictionThatRunsPastItsDeadline() throws Exception {
    emulator.close();
    emulator = emulator(Duration.ofSeconds(3));
    adapter = adapter(null, c -> c.setCancelAfter(Duration.ofSeconds(1)));
    GenerationRequest request = keyframe();
    ProviderJob job = activities.submit(request);

    JobState.Failed failed =
        assertInstanceOf(JobState.Failed.class, ProviderHarness.pollUntilEnded(adapter, job, request));

    assertEquals(ProviderError.JOB_FAILED, failed.error());
    assertTrue(failed.message().contains("canceled"), failed.message());
    assertEquals("30m", ReplicateAdapter.goDuration(new ProviderSettings("replicate").getCancelAfter()));
    assertEquals("90s", ReplicateAdapter.goDuration(Duration.ofSeconds(90)));
  }

  @Test
  void anUnreachableApiIsTransientBecauseNothingWasSent() {
    ProviderSettings config = ProviderHarness.settings("replicate", "http://127.0.0.1:1", KEY);
    ReplicateAdapter nowhere = new ReplicateAdapter(config, new ProviderInputs(null, harness.store),
        harness.http, harness.json);
    assertTrue(fails(ProviderError.TRANSIENT, () -> nowhere.submit(keyframe())).error().retryable());
  }
}
