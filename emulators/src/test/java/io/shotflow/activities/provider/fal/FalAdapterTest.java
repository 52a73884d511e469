package io.shotflow.activities.provider.fal;

import static io.shotflow.activities.provider.ProviderHarness.await;
import static io.shotflow.activities.provider.ProviderHarness.fails;
import static io.shotflow.activities.provider.ProviderHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.emulator.fal.FalEmulator;
import io.shotflow.emulator.fal.FalFault;
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
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.shotflow.platform.provider.ProviderSettings;

/** The fal adapter against the fal emulator over real HTTP: real media, the queue protocol, injected faults. */
class FalAdapterTest {

  private static final String KEY = "fal-key-test";

  @TempDir Path dir;

  private ProviderHarness harness;
  private FalEmulator emulator;
  private FalAdapter adapter;
  private ProviderActivitiesImpl activities;
  private AssetRef start;

  @BeforeEach
  void start() throws Exception {
    harness = new ProviderHarness(dir);
    emulator = FalEmulator.start(FalEmulator.Options.of(KEY)
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

  private FalAdapter adapter(String publicUrl, String key) {
    ProviderSettings config = ProviderHarness.settings("fal", emulator.baseUrl(), key);
    config.setRequestTimeout(Duration.ofMillis(700));
    FalAdapter a = new FalAdapter(config, new ProviderInputs(publicUrl, harness.store), harness.http, harness.json);
    activities = harness.activities(a);
    return a;
  }

  private GenerationRequest clip(String tier, AssetRef end) {
    return request(GenerationKind.CLIP, "fal", tier, 5, start, end, null, null);
  }

  private GenerationResult run(GenerationRequest request) {
    return await(activities, activities.submit(request), request);
  }

  @Test
  void aClipIsQueuedPolledAndDownloadedAsRealVideo() throws Exception {
    GenerationRequest request = clip("standard", null);

    ProviderJob job = activities.submit(request);
    GenerationResult result = await(activities, job, request);

    assertTrue(job.jobId().startsWith("fal-ai/kling-video/requests/"), job.jobId());
    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertEquals(320, info.width());
    assertEquals(180, info.height());
    assertEquals(5.0, info.durationSeconds(), 1e-6);
    assertEquals("video/mp4", result.asset().contentType());
    assertEquals(0, new BigDecimal("0.28").compareTo(result.costUsd()), "the rate card's fal standard 5 s");
    assertEquals(1, emulator.submissions().total());
  }

  @Test
  void proTakesATailImageAndOtherTiersRefuseOneBeforeSending() throws Exception {
    AssetRef end = harness.png(320, 180, Color.RED, Color.ORANGE);
    GenerationResult pro = run(clip("pro", end));
    assertEquals(0, new BigDecimal("0.49").compareTo(pro.costUsd()));

    ProviderException e = fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(clip("master", end)));
    assertTrue(e.getMessage().startsWith("end_frame:"), e.getMessage());
    assertEquals(1, emulator.submissions().total());
  }

  @Test
  void aKeyframeIsARealPngOfTheRequestedSize() throws Exception {
    GenerationResult result = run(request(GenerationKind.KEYFRAME, "fal", "pro", 5, null, null, null, null));

    BufferedImage image = ImageIO.read(harness.store.path(result.asset().id()).toFile());
    assertEquals(320, image.getWidth());
    assertEquals(180, image.getHeight());
    assertEquals(0, new BigDecimal("0.025").compareTo(result.costUsd()));
  }

  @Test
  void lipSyncSendsInlineInputsAndReturnsTheVideoWithTheDialogue() throws Exception {
    GenerationResult clip = run(clip("standard", null));
    GenerationRequest request = request(GenerationKind.LIP_SYNC, "fal", "standard", 5, null, null, clip.asset(),
        harness.wav(3));

    GenerationResult result = run(request);

    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertTrue(info.hasAudio());
    assertEquals(120, info.frames());
    assertEquals(0, new BigDecimal("0.07").compareTo(result.costUsd()));
  }

  @Test
  void aLineOfTextGoesToKlingsTextToVideoLipSync() throws Exception {
    GenerationResult clip = run(clip("standard", null));

    GenerationResult result = run(ProviderHarness.spoken("fal", clip.asset(), "Hello there, how are you?", "uk_man2", 1.2));

    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertTrue(info.hasAudio(), "the spoken line is the sound track");
    assertEquals(120, info.frames());
    assertEquals(0, new BigDecimal("0.07").compareTo(result.costUsd()), "priced like audio lip-sync");
  }

  @Test
  void aTooLongLineIsAPermanentValidationFailure() throws Exception {
    GenerationResult clip = run(clip("standard", null));
    GenerationRequest request = ProviderHarness.spoken("fal", clip.asset(), "x".repeat(121), "uk_man2", 1.0);
    ProviderJob job = activities.submit(request);

    JobState state = ProviderHarness.pollUntilEnded(adapter, job, request);

    JobState.Failed failed = assertInstanceOf(JobState.Failed.class, state);
    assertEquals(ProviderError.INVALID_REQUEST, failed.error(), failed.message());
    assertTrue(failed.message().contains("at most 120 characters"), failed.message());
  }

  @Test
  void lipSyncCanGoThroughSyncsModelHostedOnFal() throws Exception {
    GenerationResult clip = run(clip("standard", null));
    ProviderSettings config = ProviderHarness.settings("fal", emulator.baseUrl(), KEY);
    config.setLipSyncModel("fal-ai/sync-lipsync/v2");
    FalAdapter sync = new FalAdapter(config, new ProviderInputs(null, harness.store), harness.http, harness.json);
    activities = harness.activities(sync);
    GenerationRequest request = request(GenerationKind.LIP_SYNC, "fal", "standard", 5, null, null, clip.asset(),
        harness.wav(3));

    ProviderJob job = activities.submit(request);
    GenerationResult result = await(activities, job, request);

    assertTrue(job.jobId().startsWith("fal-ai/sync-lipsync/requests/"), job.jobId());
    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertTrue(info.hasAudio());
    assertEquals(120, info.frames());
  }

  @Test
  void anUnknownLipSyncModelIsRefusedNamingTheSetting() {
    ProviderSettings config = new ProviderSettings("fal");
    config.setApiKey(KEY);
    config.setLipSyncModel("fal-ai/some-other-lipsync");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new FalAdapter(config, new ProviderInputs(null, harness.store), harness.http, harness.json));
    assertTrue(e.getMessage().contains("shotflow.providers.fal.lip-sync-model"), e.getMessage());
  }

  @Test
  void withAPublicUrlInputsAreUrlsAndTheSignedWebhookNamesTheApp() throws Exception {
    adapter = adapter(harness.site.url(), KEY);
    GenerationRequest request = clip("standard", null);

    ProviderJob job = activities.submit(request);
    await(activities, job, request);

    ProviderHarness.Received hook = harness.site.webhooks.poll(5, TimeUnit.SECONDS);
    assertNotNull(hook, "fal called the webhook");
    assertEquals("/api/webhooks/fal", hook.path());
    assertEquals("app=fal-ai%2Fkling-video", hook.query());
    JsonNode body = new ObjectMapper().readTree(hook.body());
    assertEquals("OK", body.path("status").asText());
    assertTrue(job.jobId().endsWith("/requests/" + body.path("request_id").asText()));
    assertFalse(hook.headers().get("X-fal-webhook-signature").get(0).isBlank());
  }

  @ParameterizedTest
  @CsvSource({"RATE_LIMIT,RATE_LIMITED", "BAD_GATEWAY,TRANSIENT", "UNAVAILABLE,TRANSIENT", "GATEWAY_TIMEOUT,TRANSIENT"})
  void retryableSubmitErrorsAreClassifiedAndTheRetrySucceedsWithOneQueuedRequest(FalFault fault, ProviderError error) {
    GenerationRequest request = clip("standard", null);
    emulator.onSubmit().inject(fault, 1);

    ProviderException e = fails(error, () -> adapter.submit(request));
    assertTrue(e.error().retryable());
    if (fault == FalFault.RATE_LIMIT) {
      assertEquals(Duration.ofSeconds(1), e.retryAfter(), "Retry-After honoured");
    }
    assertNotNull(run(request).asset());
    assertEquals(1, emulator.submissions().total());
  }

  @ParameterizedTest
  @CsvSource({"RATE_LIMIT,RATE_LIMITED", "BAD_GATEWAY,TRANSIENT", "GATEWAY_TIMEOUT,TRANSIENT", "MALFORMED_JSON,TRANSIENT"})
  void retryableStatusErrorsAreClassifiedAndTheWaitCarriesOn(FalFault fault, ProviderError error) {
    GenerationRequest request = clip("standard", null);
    ProviderJob job = activities.submit(request);
    emulator.onStatus().inject(fault, 1);

    assertTrue(fails(error, () -> adapter.poll(job, request)).error().retryable());
    assertNotNull(await(activities, job, request).asset());
    assertEquals(1, emulator.submissions().total());
  }

  @ParameterizedTest
  @CsvSource({"RESULT_422,INVALID_REQUEST", "RESULT_CONTENT_POLICY,CONTENT_POLICY", "RESULT_RUNNER_ERROR,JOB_FAILED"})
  void errorResultsArePermanentFailuresOfTheJob(FalFault fault, ProviderError error) {
    GenerationRequest request = clip("standard", null);
    emulator.onSubmit().inject(fault, 1);
    ProviderJob job = activities.submit(request);

    JobState state = ProviderHarness.pollUntilEnded(adapter, job, request);

    JobState.Failed failed = assertInstanceOf(JobState.Failed.class, state);
    assertEquals(error, failed.error(), failed.message());
    assertFalse(failed.error().retryable());
    assertTrue(failed.message().contains("HTTP " + (fault == FalFault.RESULT_RUNNER_ERROR ? 500 : 422)), failed.message());
  }

  @Test
  void aBadKeyIsUnauthorizedAndNotRetried() {
    FalAdapter wrong = adapter(null, "not-the-key");
    ProviderException e = fails(ProviderError.UNAUTHORIZED, () -> wrong.submit(clip("standard", null)));
    assertFalse(e.error().retryable());
    assertEquals(0, emulator.submissions().total());
  }

  @ParameterizedTest
  @CsvSource({"SLOW_ANSWER", "DROP_AFTER_ACCEPT", "MALFORMED_JSON"})
  void aSubmitWhoseAnswerIsLostMayHaveBeenAcceptedAndIsNeverResent(FalFault fault) {
    GenerationRequest request = clip("standard", null);
    emulator.onSubmit().inject(fault, 1);

    ProviderException e = fails(ProviderError.TRANSIENT, () -> adapter.submit(request));

    assertTrue(e.mayHaveBeenAccepted(), "settled by a lookup, never by sending again");
    assertEquals(1, emulator.submissions().total(), "fal queued it once; the adapter did not send it again");
  }

  @Test
  void faultsCanBeInjectedAndSubmissionsReadOverTheEmulatorsAdminRoutes() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpResponse<String> injected = http.send(java.net.http.HttpRequest.newBuilder(
            URI.create(emulator.baseUrl() + "/emulator/faults"))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"fault\":\"unavailable\"}"))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(204, injected.statusCode());
    GenerationRequest request = clip("standard", null);
    fails(ProviderError.TRANSIENT, () -> adapter.submit(request));
    adapter.submit(request);

    JsonNode counts = new ObjectMapper().readTree(http.send(java.net.http.HttpRequest.newBuilder(
            URI.create(emulator.baseUrl() + "/emulator/submissions")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
    assertEquals(1, counts.size());
    assertEquals(1, counts.elements().next().asInt());
  }

  @Test
  void anUnreachableQueueIsTransientBecauseNothingWasSent() throws Exception {
    ProviderSettings config = ProviderHarness.settings("fal", "http://127.0.0.1:1", KEY);
    FalAdapter nowhere = new FalAdapter(config, new ProviderInputs(null, harness.store), harness.http, harness.json);
    assertTrue(fails(ProviderError.TRANSIENT, () -> nowhere.submit(clip("standard", null))).error().retryable());
  }
}
