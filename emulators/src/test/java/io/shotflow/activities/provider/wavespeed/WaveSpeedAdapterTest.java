package io.shotflow.activities.provider.wavespeed;

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
import io.shotflow.emulator.common.Hmac;
import io.shotflow.emulator.wavespeed.WaveSpeedEmulator;
import io.shotflow.emulator.wavespeed.WaveSpeedFault;
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
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
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

/** The WaveSpeed adapter against the WaveSpeed emulator over real HTTP: real media, the v3 protocol, injected faults. */
class WaveSpeedAdapterTest {

  private static final String KEY = "wavespeed-key-test";

  @TempDir Path dir;

  private ProviderHarness harness;
  private WaveSpeedEmulator emulator;
  private WaveSpeedAdapter adapter;
  private ProviderActivitiesImpl activities;
  private AssetRef start;

  @BeforeEach
  void start() throws Exception {
    harness = new ProviderHarness(dir);
    emulator = WaveSpeedEmulator.start(WaveSpeedEmulator.Options.of(KEY)
        .withLatency(Duration.ofMillis(50), Duration.ofMillis(150))
        .withClipMaxLongSide(320)
        .withSlowAnswer(Duration.ofMillis(1500))
        .withFolder(dir.resolve("emulator")));
    adapter = adapter(null, KEY);
    start = harness.png(320, 180, Color.BLUE, Color.CYAN);
  }

  @AfterEach
  void stop() {
    emulator.close();
    harness.close();
  }

  private WaveSpeedAdapter adapter(String publicUrl, String key) {
    ProviderSettings config = ProviderHarness.settings("wavespeed", emulator.baseUrl(), key);
    config.setRequestTimeout(Duration.ofMillis(700));
    WaveSpeedAdapter a = new WaveSpeedAdapter(config, new ProviderInputs(publicUrl, harness.store),
        harness.http, harness.json);
    activities = harness.activities(a);
    return a;
  }

  private GenerationRequest clip(String tier, AssetRef end) {
    return request(GenerationKind.CLIP, "wavespeed", tier, 5, start, end, null, null);
  }

  private static GenerationRequest keyframe() {
    return request(GenerationKind.KEYFRAME, "wavespeed", "pro", 5, null, null, null, null);
  }

  private GenerationResult run(GenerationRequest request) {
    return await(activities, activities.submit(request), request);
  }

  @Test
  void aClipIsSubmittedPolledAndDownloadedAsRealVideo() throws Exception {
    GenerationRequest request = clip("standard", null);

    GenerationResult result = run(request);

    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertEquals(320, info.width());
    assertEquals(180, info.height());
    assertEquals(5.0, info.durationSeconds(), 1e-6);
    assertEquals(120, info.frames());
    assertEquals("video/mp4", result.asset().contentType());
    assertEquals(0, new BigDecimal("0.25").compareTo(result.costUsd()), "the rate card's WaveSpeed standard 5 s");
    assertEquals(1, emulator.submissions().total());
  }

  @Test
  void anEndFrameGoesToTheProStartEndFrameModelAndOtherTiersRefuseItBeforeSending() throws Exception {
    AssetRef end = harness.png(320, 180, Color.RED, Color.ORANGE);

    GenerationResult pro = run(clip("pro", end));

    List<BufferedImage> frames = TestMedia.frames(harness.store.path(pro.asset().id()));
    BufferedImage last = frames.get(frames.size() - 1);
    BufferedImage startImage = ImageIO.read(harness.store.path(start.id()).toFile());
    BufferedImage endImage = ImageIO.read(harness.store.path(end.id()).toFile());
    assertTrue(TestMedia.meanDifference(last, endImage) < TestMedia.meanDifference(last, startImage),
        "the clip ends on the end frame");
    assertEquals(0, new BigDecimal("0.45").compareTo(pro.costUsd()));
    assertEquals("kwaivgi/kling-v2.1-i2v-pro/start-end-frame", WaveSpeedAdapter.model(clip("pro", end)));

    ProviderException e = fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(clip("master", end)));
    assertTrue(e.getMessage().startsWith("end_frame:"), e.getMessage());
    assertEquals(1, emulator.submissions().total());
  }

  @Test
  void aKeyframeIsARealPngOfTheRequestedSize() throws Exception {
    GenerationResult result = run(keyframe());

    BufferedImage image = ImageIO.read(harness.store.path(result.asset().id()).toFile());
    assertEquals(320, image.getWidth());
    assertEquals(180, image.getHeight());
    assertEquals("image/png", result.asset().contentType());
    assertEquals(0, new BigDecimal("0.025").compareTo(result.costUsd()));
  }

  @Test
  void lipSyncSendsInlineInputsWithoutAPublicUrlAndReturnsTheVideoWithTheDialogue() throws Exception {
    GenerationResult clip = run(clip("standard", null));
    GenerationRequest request = request(GenerationKind.LIP_SYNC, "wavespeed", "standard", 5, null, null, clip.asset(),
        harness.wav(3));

    GenerationResult result = run(request);

    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertTrue(info.hasAudio());
    assertEquals(120, info.frames());
    assertEquals(0, new BigDecimal("0.07").compareTo(result.costUsd()));
  }

  @Test
  void aLineOfTextGoesToTheTextToVideoLipSync() throws Exception {
    GenerationResult clip = run(clip("standard", null));

    GenerationResult result = run(ProviderHarness.spoken("wavespeed", clip.asset(), "Hello there.", "en_AOT", 1.0));

    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertTrue(info.hasAudio(), "the spoken line is the sound track");
    assertEquals(120, info.frames());
  }

  @Test
  void aLineWithoutAVoiceIsAnInvalidRequest() throws Exception {
    GenerationResult clip = run(clip("standard", null));
    ProviderException e = fails(ProviderError.INVALID_REQUEST,
        () -> adapter.submit(ProviderHarness.spoken("wavespeed", clip.asset(), "Hello there.", " ", 1.0)));
    assertTrue(e.getMessage().contains("voice_id"), e.getMessage());
  }

  @Test
  void withAPublicUrlInputsAreUrlsAndTheWebhookIsSignedWithTheSecretAsText() throws Exception {
    adapter = adapter(harness.site.url(), KEY);
    GenerationRequest request = clip("standard", null);

    ProviderJob job = activities.submit(request);
    await(activities, job, request);

    ProviderHarness.Received hook = harness.site.webhooks.poll(5, TimeUnit.SECONDS);
    assertNotNull(hook, "WaveSpeed called the webhook");
    assertEquals("/api/webhooks/wavespeed", hook.path());
    JsonNode body = new ObjectMapper().readTree(hook.body());
    assertEquals(job.jobId(), body.path("id").asText());
    assertEquals("completed", body.path("status").asText());
    assertTrue(body.path("input").path("image").asText().startsWith(harness.site.url() + "/api/assets/"),
        "the start frame went as a public URL");
    String id = hook.headers().get("Webhook-id").get(0);
    long timestamp = Long.parseLong(hook.headers().get("Webhook-timestamp").get(0));
    byte[] key = emulator.webhookSecret().substring("whsec_".length()).getBytes(StandardCharsets.UTF_8);
    String expected = "v3," + HexFormat.of().formatHex(Hmac.sha256(key, id + "." + timestamp + ".", hook.body()));
    assertEquals(expected, hook.headers().get("Webhook-signature").get(0));
  }

  @ParameterizedTest
  @CsvSource({"RATE_LIMIT,RATE_LIMITED", "SERVER_ERROR,TRANSIENT", "UNAVAILABLE,TRANSIENT"})
  void retryableSubmitErrorsAreClassifiedAndTheRetrySucceedsWithOneCreatedPrediction(WaveSpeedFault fault,
      ProviderError error) {
    GenerationRequest request = keyframe();
    emulator.onSubmit().inject(fault, 1);

    ProviderException e = fails(error, () -> adapter.submit(request));
    assertTrue(e.error().retryable());
    if (fault == WaveSpeedFault.RATE_LIMIT) {
      assertEquals(Duration.ofSeconds(1), e.retryAfter(), "Retry-After honoured");
    }

    assertNotNull(run(request).asset());
    assertEquals(1, emulator.submissions().total());
  }

  @ParameterizedTest
  @CsvSource({"RATE_LIMIT,RATE_LIMITED", "SERVER_ERROR,TRANSIENT", "MALFORMED_JSON,TRANSIENT"})
  void retryableResultErrorsAreClassifiedAndTheWaitCarriesOn(WaveSpeedFault fault, ProviderError error) {
    GenerationRequest request = keyframe();
    ProviderJob job = activities.submit(request);
    emulator.onResult().inject(fault, 1);

    assertTrue(fails(error, () -> adapter.poll(job, request)).error().retryable());
    assertNotNull(await(activities, job, request).asset());
    assertEquals(1, emulator.submissions().total());
  }

  @ParameterizedTest
  @CsvSource({"UNAUTHORIZED,UNAUTHORIZED", "INSUFFICIENT_BALANCE,INSUFFICIENT_BALANCE",
      "INVALID_REQUEST,INVALID_REQUEST"})
  void permanentSubmitErrorsAreNeverRetried(WaveSpeedFault fault, ProviderError error) {
    emulator.onSubmit().inject(fault, 1);

    ProviderException e = fails(error, () -> adapter.submit(keyframe()));

    assertFalse(e.error().retryable());
    assertTrue(e.getMessage().contains("HTTP " + (fault == WaveSpeedFault.INSUFFICIENT_BALANCE ? 402
        : fault == WaveSpeedFault.UNAUTHORIZED ? 401 : 400)), e.getMessage());
    assertEquals(0, emulator.submissions().total());
  }

  @Test
  void aBadKeyIsUnauthorizedAndABalanceMessageIsInsufficientBalanceWhateverItsStatus() {
    WaveSpeedAdapter wrong = adapter(null, "not-the-key");
    assertFalse(fails(ProviderError.UNAUTHORIZED, () -> wrong.submit(keyframe())).error().retryable());
    assertEquals(ProviderError.INSUFFICIENT_BALANCE, WaveSpeedErrors.call(400, "Insufficient credits for this model"));
    assertEquals(ProviderError.CONTENT_POLICY, WaveSpeedErrors.call(400, "prompt rejected by content moderation"));
    assertEquals(0, emulator.submissions().total());
  }

  @ParameterizedTest
  @CsvSource({"PREDICTION_NSFW,CONTENT_POLICY", "PREDICTION_FAILED,JOB_FAILED", "PREDICTION_TIMEOUT,JOB_FAILED"})
  void predictionsThatEndBadlyArePermanentFailuresOfTheJob(WaveSpeedFault fault, ProviderError error) {
    GenerationRequest request = keyframe();
    emulator.onSubmit().inject(fault, 1);
    ProviderJob job = activities.submit(request);

    JobState state = ProviderHarness.pollUntilEnded(adapter, job, request);

    JobState.Failed failed = assertInstanceOf(JobState.Failed.class, state);
    assertEquals(error, failed.error(), failed.message());
    assertFalse(failed.error().retryable());
    assertTrue(failed.message().contains(fault == WaveSpeedFault.PREDICTION_TIMEOUT ? "timeout" : "failed"),
        failed.message());
  }

  @ParameterizedTest
  @CsvSource({"SLOW_ANSWER", "DROP_AFTER_ACCEPT", "MALFORMED_JSON"})
  void aSubmitWhoseAnswerIsLostMayHaveBeenAcceptedAndIsNeverResent(WaveSpeedFault fault) {
    emulator.onSubmit().inject(fault, 1);

    ProviderException e = fails(ProviderError.TRANSIENT, () -> adapter.submit(keyframe()));

    assertTrue(e.mayHaveBeenAccepted(), "settled by a lookup, never by sending again");
    assertEquals(1, emulator.submissions().total(), "WaveSpeed created it once; the adapter did not send it again");
  }

  @Test
  void theWebhookSecretAndSubmissionsAreServedAndFaultsInjectedOverHttp() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> secret = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl()
        + "/api/v3/webhook/secret")).header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(emulator.webhookSecret(), new ObjectMapper().readTree(secret.body()).path("data").path("secret").asText());
    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl()
        + "/api/v3/webhook/secret")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode());

    HttpResponse<String> injected = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/emulator/faults"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"fault\":\"unavailable\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(204, injected.statusCode());
    GenerationRequest request = keyframe();
    fails(ProviderError.TRANSIENT, () -> adapter.submit(request));
    adapter.submit(request);

    JsonNode counts = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
        URI.create(emulator.baseUrl() + "/emulator/submissions")).build(), HttpResponse.BodyHandlers.ofString()).body());
    assertEquals(1, counts.size());
    assertEquals(1, counts.elements().next().asInt());
  }

  @Test
  void anUnreachableApiIsTransientBecauseNothingWasSent() {
    ProviderSettings config = ProviderHarness.settings("wavespeed", "http://127.0.0.1:1", KEY);
    WaveSpeedAdapter nowhere = new WaveSpeedAdapter(config, new ProviderInputs(null, harness.store),
        harness.http, harness.json);
    assertTrue(fails(ProviderError.TRANSIENT, () -> nowhere.submit(keyframe())).error().retryable());
  }
}
