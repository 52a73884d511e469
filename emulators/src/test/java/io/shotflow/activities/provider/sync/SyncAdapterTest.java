package io.shotflow.activities.provider.sync;

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
import io.shotflow.emulator.common.EmulatorMedia;
import io.shotflow.emulator.common.Hmac;
import io.shotflow.emulator.sync.SyncEmulator;
import io.shotflow.emulator.sync.SyncFault;
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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.shotflow.platform.provider.ProviderSettings;

/**
 * The Sync.so adapter against the Sync.so emulator over real HTTP: real lip-synced media fetched by URL, concurrency
 * back-pressure, injected faults.
 */
class SyncAdapterTest {

  private static final String KEY = "sync-key-test";

  @TempDir Path dir;

  private ProviderHarness harness;
  private SyncEmulator emulator;
  private SyncAdapter adapter;
  private ProviderActivitiesImpl activities;
  private AssetRef video;
  private AssetRef audio;

  @BeforeEach
  void start() throws Exception {
    harness = new ProviderHarness(dir);
    emulator = SyncEmulator.start(SyncEmulator.Options.of(KEY)
        .withLatency(Duration.ofMillis(50), Duration.ofMillis(150))
        .withConcurrency(1)
        .withSlowAnswer(Duration.ofMillis(1500))
        .withFolder(dir.resolve("emulator")));
    adapter = adapter(harness.site.url(), c -> {});
    EmulatorMedia source = new EmulatorMedia(dir.resolve("source"));
    String clip = source.clip(TestMedia.picture(320, 180, Color.BLUE, Color.CYAN), null, 3, 24, 320, "source");
    video = harness.store.put(source.file(clip), "video/mp4");
    audio = harness.wav(3);
  }

  @AfterEach
  void stop() {
    emulator.close();
    harness.close();
  }

  private SyncAdapter adapter(String publicUrl, Consumer<ProviderSettings> tweak) {
    ProviderSettings config = ProviderHarness.settings("sync", emulator.baseUrl(), KEY);
    config.setRequestTimeout(Duration.ofMillis(700));
    tweak.accept(config);
    SyncAdapter a = new SyncAdapter(config, new ProviderInputs(publicUrl, harness.store), harness.http, harness.json);
    activities = harness.activities(a);
    return a;
  }

  private GenerationRequest lipSync() {
    return request(GenerationKind.LIP_SYNC, "sync", "standard", 3, null, null, video, audio);
  }

  private GenerationResult run(GenerationRequest request) {
    return await(activities, activities.submit(request), request);
  }

  @Test
  void aLipSyncFetchesItsInputsByUrlAndReturnsTheVideoWithTheDialogueAndASignedWebhook() throws Exception {
    GenerationRequest request = lipSync();

    ProviderJob job = activities.submit(request);
    GenerationResult result = await(activities, job, request);

    MediaProbe.Info info = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertTrue(info.hasAudio());
    assertEquals(72, info.frames());
    assertEquals(320, info.width());
    assertEquals(0, new BigDecimal("0.15").compareTo(result.costUsd()), "3 s of output at $0.05: " + result.costUsd());
    assertEquals(1, emulator.submissions().total());

    ProviderHarness.Received hook = harness.site.webhooks.poll(5, TimeUnit.SECONDS);
    assertNotNull(hook, "Sync.so called the webhook");
    assertEquals("/api/webhooks/sync", hook.path());
    JsonNode body = new ObjectMapper().readTree(hook.body());
    assertEquals(job.jobId(), body.path("id").asText());
    assertEquals("COMPLETED", body.path("status").asText());
    String header = hook.headers().get("Sync-signature").get(0);
    long t = Long.parseLong(header.substring(2, header.indexOf(',')));
    byte[] key = emulator.webhookSecret().getBytes(StandardCharsets.UTF_8);
    assertEquals("t=" + t + ",v1=" + HexFormat.of().formatHex(Hmac.sha256(key, t + ".", hook.body())), header);
  }

  @Test
  void theConfiguredModelIsTheOneAskedFor() throws Exception {
    adapter = adapter(harness.site.url(), c -> c.setModel("lipsync-2-pro"));

    run(lipSync());

    ProviderHarness.Received hook = harness.site.webhooks.poll(5, TimeUnit.SECONDS);
    assertNotNull(hook);
    assertEquals("lipsync-2-pro", new ObjectMapper().readTree(hook.body()).path("model").asText());
  }

  @Test
  void withoutAPublicUrlTheSubmitIsAnInvalidRequestNamingTheSettingAndNothingIsSent() {
    adapter = adapter(null, c -> {});

    ProviderException e = fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(lipSync()));

    assertTrue(e.getMessage().contains("shotflow.public-url"), e.getMessage());
    assertEquals(0, emulator.submissions().total());
  }

  @Test
  void onlyLipSyncIsOffered() {
    GenerationRequest clip = request(GenerationKind.CLIP, "sync", "pro", 5, video, null, null, null);
    assertTrue(fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(clip)).getMessage().startsWith("provider:"));
  }

  @Test
  void aFullConcurrencyIsBackPressureRetriedAfterItsRetryAfterUntilASlotFrees() {
    GenerationRequest first = lipSync();
    GenerationRequest second = lipSync();
    ProviderJob running = activities.submit(first);

    ProviderException busy = fails(ProviderError.RATE_LIMITED, () -> adapter.submit(second));
    assertTrue(busy.error().retryable());
    assertEquals(Duration.ofSeconds(1), busy.retryAfter());
    assertTrue(busy.getMessage().contains("Concurrency"), busy.getMessage());

    await(activities, running, first);
    assertNotNull(run(second).asset());
    assertEquals(2, emulator.submissions().total());
  }

  @ParameterizedTest
  @CsvSource({"RATE_LIMIT,RATE_LIMITED", "CONCURRENCY_LIMIT,RATE_LIMITED", "SERVER_ERROR,TRANSIENT",
      "UNAVAILABLE,TRANSIENT"})
  void retryableSubmitErrorsAreClassifiedAndTheRetrySucceedsWithOneGeneration(SyncFault fault, ProviderError error) {
    GenerationRequest request = lipSync();
    emulator.onSubmit().inject(fault, 1);

    assertTrue(fails(error, () -> adapter.submit(request)).error().retryable());

    assertNotNull(run(request).asset());
    assertEquals(1, emulator.submissions().total());
  }

  @ParameterizedTest
  @CsvSource({"RATE_LIMIT,RATE_LIMITED", "SERVER_ERROR,TRANSIENT", "MALFORMED_JSON,TRANSIENT"})
  void retryablePollErrorsAreClassifiedAndTheWaitCarriesOn(SyncFault fault, ProviderError error) {
    GenerationRequest request = lipSync();
    ProviderJob job = activities.submit(request);
    emulator.onPoll().inject(fault, 1);

    assertTrue(fails(error, () -> adapter.poll(job, request)).error().retryable());
    assertNotNull(await(activities, job, request).asset());
  }

  @ParameterizedTest
  @CsvSource({"UNAUTHORIZED,UNAUTHORIZED", "INSUFFICIENT_CREDITS,INSUFFICIENT_BALANCE", "INVALID_REQUEST,INVALID_REQUEST"})
  void permanentSubmitErrorsAreNeverRetried(SyncFault fault, ProviderError error) {
    emulator.onSubmit().inject(fault, 1);

    ProviderException e = fails(error, () -> adapter.submit(lipSync()));

    assertFalse(e.error().retryable());
    assertEquals(0, emulator.submissions().total());
  }

  @ParameterizedTest
  @CsvSource({"GENERATION_FAILED,JOB_FAILED", "GENERATION_REJECTED_CONTENT,CONTENT_POLICY",
      "GENERATION_REJECTED_INPUT,INVALID_REQUEST"})
  void generationsThatEndBadlyArePermanentFailuresOfTheJob(SyncFault fault, ProviderError error) {
    GenerationRequest request = lipSync();
    emulator.onSubmit().inject(fault, 1);
    ProviderJob job = activities.submit(request);

    JobState state = ProviderHarness.pollUntilEnded(adapter, job, request);

    JobState.Failed failed = assertInstanceOf(JobState.Failed.class, state);
    assertEquals(error, failed.error(), failed.message());
    assertFalse(failed.error().retryable());
  }

  @ParameterizedTest
  @CsvSource({"SLOW_ANSWER", "DROP_AFTER_ACCEPT", "MALFORMED_JSON"})
  void aSubmitWhoseAnswerIsLostMayHaveBeenAcceptedAndIsNeverResent(SyncFault fault) {
    emulator.onSubmit().inject(fault, 1);

    ProviderException e = fails(ProviderError.TRANSIENT, () -> adapter.submit(lipSync()));

    assertTrue(e.mayHaveBeenAccepted(), "settled by a lookup, never by sending again");
    assertEquals(1, emulator.submissions().total(), "Sync.so created it once; the adapter did not send it again");
  }

  @Test
  void anUnreachableApiIsTransientBecauseNothingWasSent() {
    ProviderSettings config = ProviderHarness.settings("sync", "http://127.0.0.1:1", KEY);
    SyncAdapter nowhere = new SyncAdapter(config, new ProviderInputs(harness.site.url(), harness.store), harness.http,
        harness.json);
    assertTrue(fails(ProviderError.TRANSIENT, () -> nowhere.submit(lipSync())).error().retryable());
  }
}
