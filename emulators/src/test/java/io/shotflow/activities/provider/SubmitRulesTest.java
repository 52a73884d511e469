package io.shotflow.activities.provider;

import static io.shotflow.activities.provider.ProviderHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activities.provider.fal.FalAdapter;
import io.shotflow.activities.provider.kling.KlingAdapter;
import io.shotflow.activities.provider.local.LocalProvider;
import io.shotflow.activities.provider.replicate.ReplicateAdapter;
import io.shotflow.activities.provider.sync.SyncAdapter;
import io.shotflow.activities.provider.wavespeed.WaveSpeedAdapter;
import io.shotflow.emulator.common.EmulatorMedia;
import io.shotflow.emulator.fal.FalEmulator;
import io.shotflow.emulator.fal.FalFault;
import io.shotflow.emulator.kling.KlingEmulator;
import io.shotflow.emulator.kling.KlingFault;
import io.shotflow.emulator.replicate.ReplicateEmulator;
import io.shotflow.emulator.replicate.ReplicateFault;
import io.shotflow.emulator.sync.SyncEmulator;
import io.shotflow.emulator.sync.SyncFault;
import io.shotflow.emulator.wavespeed.WaveSpeedEmulator;
import io.shotflow.emulator.wavespeed.WaveSpeedFault;
import io.shotflow.media.AssetRef;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;
import io.shotflow.testing.TestMedia;
import java.awt.Color;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link SubmitRules}, row by row and failure by failure, with the real adapters against their emulators: a failure
 * that certainly was not accepted is plain and nothing was created; one that may have been is
 * {@link ProviderException#maybeAccepted}, and {@link ProviderAdapter#findSubmitted} then settles it as the row says,
 * never by creating a second job.
 */
class SubmitRulesTest {

  /** A submit's request timeout: shorter than the emulators' held answers. */
  private static final Duration TIMEOUT = Duration.ofMillis(700);

  @TempDir Path dir;

  private ProviderHarness harness;
  private AutoCloseable emulator;

  /** One adapter against its emulator: how to inject a fault by name and count the jobs it accepted. */
  private record Bench(ProviderAdapter adapter, GenerationRequest request, java.util.function.Consumer<String> inject,
      IntSupplier accepted) {}

  @AfterEach
  void stop() throws Exception {
    if (emulator != null) {
      emulator.close();
    }
    if (harness != null) {
      harness.close();
    }
  }

  private static ProviderSettings settings(String name, String baseUrl) {
    ProviderSettings config = ProviderHarness.settings(name, baseUrl, null);
    config.setRequestTimeout(TIMEOUT);
    return config;
  }

  private Bench bench(String provider) throws Exception {
    harness = new ProviderHarness(dir);
    AssetRef frame = harness.png(320, 180, Color.BLUE, Color.CYAN);
    switch (provider) {
      case "kling" -> {
        KlingEmulator e = KlingEmulator.start(KlingEmulator.Options.of("ak", "sk")
            .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withSizes(320, 320)
            .withSlowAnswer(Duration.ofMillis(1500)).withFolder(dir.resolve("emulator")));
        emulator = e;
        ProviderSettings config = settings("kling", e.baseUrl());
        config.setAccessKey("ak");
        config.setSecretKey("sk");
        return new Bench(new KlingAdapter(config, new ProviderInputs(null, harness.store), harness.http, harness.json),
            request(GenerationKind.CLIP, "kling", "standard", 5, frame, null, null, null),
            f -> e.onSubmit().inject(KlingFault.valueOf(f), 1), () -> e.submissions().total());
      }
      case "fal" -> {
        FalEmulator e = FalEmulator.start(FalEmulator.Options.of("fk")
            .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withClipMaxLongSide(320)
            .withSlowAnswer(Duration.ofMillis(1500)).withFolder(dir.resolve("emulator")));
        emulator = e;
        ProviderSettings config = settings("fal", e.baseUrl());
        config.setApiKey("fk");
        return new Bench(new FalAdapter(config, new ProviderInputs(null, harness.store), harness.http, harness.json),
            request(GenerationKind.CLIP, "fal", "standard", 5, frame, null, null, null),
            f -> e.onSubmit().inject(FalFault.valueOf(f), 1), () -> e.submissions().total());
      }
      case "wavespeed" -> {
        WaveSpeedEmulator e = WaveSpeedEmulator.start(WaveSpeedEmulator.Options.of("wk")
            .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withClipMaxLongSide(320)
            .withSlowAnswer(Duration.ofMillis(1500)).withFolder(dir.resolve("emulator")));
        emulator = e;
        ProviderSettings config = settings("wavespeed", e.baseUrl());
        config.setApiKey("wk");
        return new Bench(new WaveSpeedAdapter(config, new ProviderInputs(null, harness.store), harness.http,
            harness.json), request(GenerationKind.KEYFRAME, "wavespeed", "pro", 5, null, null, null, null),
            f -> e.onSubmit().inject(WaveSpeedFault.valueOf(f), 1), () -> e.submissions().total());
      }
      case "replicate" -> {
        ReplicateEmulator e = ReplicateEmulator.start(ReplicateEmulator.Options.of("rk")
            .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withSizes(320, 320)
            .withSlowAnswer(Duration.ofMillis(1500)).withFolder(dir.resolve("emulator")));
        emulator = e;
        ProviderSettings config = settings("replicate", e.baseUrl());
        config.setApiKey("rk");
        // inputs by public URL: their signatures differ between the submit and the lookup, which must not matter
        return new Bench(new ReplicateAdapter(config, new ProviderInputs(harness.site.url(), harness.store),
            harness.http, harness.json), request(GenerationKind.CLIP, "replicate", "standard", 5, frame, null, null,
            null), f -> e.onSubmit().inject(ReplicateFault.valueOf(f), 1), () -> e.submissions().total());
      }
      case "sync" -> {
        SyncEmulator e = SyncEmulator.start(SyncEmulator.Options.of("sk")
            .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withConcurrency(3)
            .withSlowAnswer(Duration.ofMillis(1500)).withFolder(dir.resolve("emulator")));
        emulator = e;
        ProviderSettings config = settings("sync", e.baseUrl());
        config.setApiKey("sk");
        EmulatorMedia source = new EmulatorMedia(dir.resolve("source"));
        String clip = source.clip(TestMedia.picture(320, 180, Color.BLUE, Color.CYAN), null, 3, 24, 320, "source");
        AssetRef video = harness.store.put(source.file(clip), "video/mp4");
        return new Bench(new SyncAdapter(config, new ProviderInputs(harness.site.url(), harness.store), harness.http,
            harness.json), request(GenerationKind.LIP_SYNC, "sync", "standard", 3, null, null, video,
            harness.wav(3)), f -> e.onSubmit().inject(SyncFault.valueOf(f), 1), () -> e.submissions().total());
      }
      default -> throw new IllegalArgumentException(provider);
    }
  }

  /** A lookup as the submit activity makes it on its next attempt: some seconds after the send. */
  private static Instant sentAWhileAgo() {
    return Instant.now().minusSeconds(30);
  }

  @ParameterizedTest(name = "{0}: {1} is certainly not accepted ({2}), nothing created")
  @CsvSource({
      "kling, RATE_LIMIT, RATE_LIMITED", "kling, CONCURRENCY, RATE_LIMITED", "kling, BALANCE, INSUFFICIENT_BALANCE",
      "kling, INVALID_PARAMS, INVALID_REQUEST",
      "fal, RATE_LIMIT, RATE_LIMITED", "fal, UNAUTHORIZED, UNAUTHORIZED",
      "wavespeed, RATE_LIMIT, RATE_LIMITED", "wavespeed, INSUFFICIENT_BALANCE, INSUFFICIENT_BALANCE",
      "replicate, RATE_LIMIT, RATE_LIMITED", "replicate, INSUFFICIENT_CREDIT, INSUFFICIENT_BALANCE",
      "replicate, INVALID_INPUT, INVALID_REQUEST",
      "sync, RATE_LIMIT, RATE_LIMITED", "sync, INSUFFICIENT_CREDITS, INSUFFICIENT_BALANCE",
      // 503: "unable to handle the request" (RFC 9110), so nothing was created; retried, may fail over
      "fal, UNAVAILABLE, TRANSIENT", "wavespeed, UNAVAILABLE, TRANSIENT", "replicate, UNAVAILABLE, TRANSIENT",
      "sync, UNAVAILABLE, TRANSIENT"})
  void refusalsBeforeAcceptanceArePlain(String provider, String fault, ProviderError error) throws Exception {
    Bench bench = bench(provider);
    bench.inject().accept(fault);

    ProviderException e = assertThrows(ProviderException.class, () -> bench.adapter().submit(bench.request()));

    assertEquals(error, e.error(), e.getMessage());
    assertFalse(e.mayHaveBeenAccepted(), e.getMessage());
    assertEquals(0, bench.accepted().getAsInt());
  }

  @ParameterizedTest(name = "{0}: a {1} without accepting may hide a job; the lookup says {2}")
  @CsvSource({
      "kling, SERVER_ERROR, NotAccepted", "kling, MAINTENANCE, NotAccepted",
      "fal, SERVER_ERROR, Unknown", "fal, BAD_GATEWAY, Unknown",
      "wavespeed, SERVER_ERROR, Unknown",
      "replicate, SERVER_ERROR, NotAccepted",
      // Sync's keyed resend creates the generation the refused send did not: once
      "sync, SERVER_ERROR, Found"})
  void serverErrorsMayHaveBeenAccepted(String provider, String fault, String lookup) throws Exception {
    Bench bench = bench(provider);
    bench.inject().accept(fault);

    ProviderException e = assertThrows(ProviderException.class, () -> bench.adapter().submit(bench.request()));
    assertEquals(ProviderError.TRANSIENT, e.error(), e.getMessage());
    assertTrue(e.mayHaveBeenAccepted(), e.getMessage());
    assertEquals(0, bench.accepted().getAsInt());

    SubmitLookup found = bench.adapter().findSubmitted(bench.request(), sentAWhileAgo());
    assertEquals(lookup, found.getClass().getSimpleName(), found.toString());
    assertEquals(lookup.equals("Found") ? 1 : 0, bench.accepted().getAsInt());
  }

  @ParameterizedTest(name = "{0}: {1} after accepting; the lookup says {2}; accepted once")
  @CsvSource({
      "fal, LOST_ANSWER, Unknown", "fal, SLOW_ANSWER, Unknown", "fal, DROP_AFTER_ACCEPT, Unknown",
      "fal, MALFORMED_JSON, Unknown",
      "wavespeed, LOST_ANSWER, Unknown", "wavespeed, SLOW_ANSWER, Unknown", "wavespeed, MALFORMED_JSON, Unknown",
      "replicate, LOST_ANSWER, Found", "replicate, SLOW_ANSWER, Found", "replicate, DROP_AFTER_ACCEPT, Found",
      "replicate, MALFORMED_JSON, Found",
      "sync, LOST_ANSWER, Found", "sync, SLOW_ANSWER, Found", "sync, DROP_AFTER_ACCEPT, Found",
      "sync, MALFORMED_JSON, Found"})
  void lostAnswersAreMaybeAcceptedAndLookedUp(String provider, String fault, String lookup) throws Exception {
    Bench bench = bench(provider);
    bench.inject().accept(fault);

    ProviderException e = assertThrows(ProviderException.class, () -> bench.adapter().submit(bench.request()));
    assertEquals(ProviderError.TRANSIENT, e.error(), e.getMessage());
    assertTrue(e.mayHaveBeenAccepted(), e.getMessage());
    assertEquals(1, bench.accepted().getAsInt());

    SubmitLookup found = bench.adapter().findSubmitted(bench.request(), sentAWhileAgo());
    assertEquals(lookup, found.getClass().getSimpleName(), found.toString());
    if (found instanceof SubmitLookup.Found f) {
      JobState state = ProviderHarness.pollUntilEnded(bench.adapter(), new ProviderJob(provider, f.jobId(),
          bench.request().idempotencyKey()),
          bench.request());
      assertInstanceOf(JobState.Succeeded.class, state, state.toString());
    }
    assertEquals(1, bench.accepted().getAsInt(), "the take was accepted exactly once");
  }

  @ParameterizedTest(name = "kling: {0} after accepting is settled by external_task_id within the submit")
  @CsvSource({"LOST_ANSWER", "SLOW_ANSWER", "DROP_AFTER_ACCEPT"})
  void klingFindsItsOwnLostAnswers(String fault) throws Exception {
    Bench bench = bench("kling");
    bench.inject().accept(fault);

    String jobId = bench.adapter().submit(bench.request());

    assertEquals(new SubmitLookup.Found(jobId), bench.adapter().findSubmitted(bench.request(), sentAWhileAgo()));
    assertEquals(1, bench.accepted().getAsInt());
  }

  @ParameterizedTest(name = "{0}: a take never sent is not accepted, a sent one is found")
  @CsvSource({"kling", "replicate"})
  void authoritativeLookupsSayNotAcceptedForATakeNeverSent(String provider) throws Exception {
    Bench bench = bench(provider);
    assertInstanceOf(SubmitLookup.NotAccepted.class, bench.adapter().findSubmitted(bench.request(), sentAWhileAgo()));
    String jobId = bench.adapter().submit(bench.request());
    assertEquals(new SubmitLookup.Found(jobId), bench.adapter().findSubmitted(bench.request(), sentAWhileAgo()));
    assertEquals(1, bench.accepted().getAsInt());
  }

  @Test
  void replicateDoesNotTrustItsListRightAfterTheSend() throws Exception {
    Bench bench = bench("replicate");
    bench.inject().accept("LOST_ANSWER");
    assertThrows(ProviderException.class, () -> bench.adapter().submit(bench.request()));

    ProviderException e = assertThrows(ProviderException.class,
        () -> bench.adapter().findSubmitted(bench.request(), Instant.now()));

    assertTrue(e.mayHaveBeenAccepted(), e.getMessage());
    assertEquals(ProviderError.TRANSIENT, e.error());
    assertNotNull(e.retryAfter(), "looked at again once the list can be trusted");
  }

  @Test
  void replicateReadsListPagesAndTellsTwinsApart() throws Exception {
    Bench bench = bench("replicate");
    ReplicateEmulator e = (ReplicateEmulator) emulator;
    e.listPageSize(1);
    GenerationRequest other = request(GenerationKind.KEYFRAME, "replicate", "pro", 5, null, null, null, null);
    bench.inject().accept("LOST_ANSWER");
    assertThrows(ProviderException.class, () -> bench.adapter().submit(bench.request()));
    String newer = bench.adapter().submit(other);

    SubmitLookup found = bench.adapter().findSubmitted(bench.request(), sentAWhileAgo());
    assertInstanceOf(SubmitLookup.Found.class, found, "the older one, on the list's second page");
    assertFalse(found.equals(new SubmitLookup.Found(newer)));

    // the same input sent twice cannot be told apart: a human decides
    bench.adapter().submit(bench.request());
    assertInstanceOf(SubmitLookup.Unknown.class, bench.adapter().findSubmitted(bench.request(), sentAWhileAgo()));
  }

  @Test
  void syncAnswersAKeyUsedForAnotherBodyWithUnknown() throws Exception {
    Bench bench = bench("sync");
    bench.adapter().submit(bench.request());
    AssetRef otherAudio = harness.wav(2);
    GenerationRequest r = bench.request();
    GenerationRequest sameKeyOtherBody = new GenerationRequest(r.idempotencyKey(), r.storyboardId(), r.shotId(),
        r.kind(), r.provider(), r.model(), r.tier(), r.prompt(), r.negativePrompt(), r.durationSeconds(), r.width(),
        r.height(), r.fps(), r.aspectRatio(), null, null, r.sourceVideo(), otherAudio, 1);

    assertInstanceOf(SubmitLookup.Unknown.class, bench.adapter().findSubmitted(sameKeyOtherBody, sentAWhileAgo()));
    ProviderException e = assertThrows(ProviderException.class, () -> bench.adapter().submit(sameKeyOtherBody));
    assertTrue(e.mayHaveBeenAccepted(), e.getMessage());
    assertEquals(1, bench.accepted().getAsInt());
  }

  @Test
  void nothingListeningSentNothing() throws Exception {
    harness = new ProviderHarness(dir);
    ProviderSettings config = settings("fal", "http://127.0.0.1:9");
    config.setApiKey("fk");
    FalAdapter fal = new FalAdapter(config, new ProviderInputs(null, harness.store), harness.http, harness.json);
    ProviderException e = assertThrows(ProviderException.class,
        () -> fal.submit(request(GenerationKind.KEYFRAME, "fal", "pro", 5, null, null, null, null)));
    assertEquals(ProviderError.TRANSIENT, e.error());
    assertFalse(e.mayHaveBeenAccepted(), e.getMessage());
  }

  @Test
  void localFindsItsJobRecord() throws Exception {
    harness = new ProviderHarness(dir);
    ProviderSettings config = new ProviderSettings("local");
    config.setLatency(Duration.ofSeconds(30));
    config.setJobsDir(dir.resolve("jobs").toString());
    try (LocalProvider local = new LocalProvider(config, harness.store, (name, jobId) -> {})) {
      GenerationRequest request = request(GenerationKind.KEYFRAME, "local", "pro", 5, null, null, null, null);
      assertInstanceOf(SubmitLookup.NotAccepted.class, local.findSubmitted(request, sentAWhileAgo()));
      String jobId = local.submit(request);
      assertEquals(new SubmitLookup.Found(jobId), local.findSubmitted(request, sentAWhileAgo()));
    }
  }

  @Test
  void everyProviderHasOneRow() {
    Set<String> rows = SubmitRules.ALL.stream().map(SubmitRules.Rule::provider).collect(Collectors.toSet());
    assertEquals(Set.of("kling", "fal", "wavespeed", "replicate", "sync", "local"), rows);
    assertEquals(SubmitRules.ALL.size(), rows.size());
    for (SubmitRules.Rule rule : SubmitRules.ALL) {
      assertTrue(rule.notAccepted(429) && rule.notAccepted(401) && !rule.notAccepted(408), rule.provider());
      assertTrue(rule.notAccepted(503), rule.provider() + " 503");
      for (int status : new int[] {500, 502, 504}) {
        assertFalse(rule.notAccepted(status), rule.provider() + " " + status);
      }
    }
  }
}
