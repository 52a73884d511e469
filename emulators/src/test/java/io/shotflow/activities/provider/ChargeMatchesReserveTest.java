package io.shotflow.activities.provider;

import static io.shotflow.activities.provider.ProviderHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shotflow.activities.provider.fal.FalAdapter;
import io.shotflow.activities.provider.kling.KlingAdapter;
import io.shotflow.activities.provider.replicate.ReplicateAdapter;
import io.shotflow.activities.provider.sync.SyncAdapter;
import io.shotflow.activities.provider.wavespeed.WaveSpeedAdapter;
import io.shotflow.emulator.common.EmulatorMedia;
import io.shotflow.emulator.common.VoiceLibrary;
import io.shotflow.emulator.fal.FalEmulator;
import io.shotflow.emulator.kling.KlingEmulator;
import io.shotflow.emulator.replicate.ReplicateEmulator;
import io.shotflow.emulator.sync.SyncEmulator;
import io.shotflow.emulator.wavespeed.WaveSpeedEmulator;
import io.shotflow.media.AssetRef;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.RateCard;
import io.shotflow.testing.TestMedia;
import java.awt.Color;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reserve == charge: for every provider and kind of call, a real job on the provider's emulator costs exactly what the
 * shot workflow reserves for its request ({@link RateCard#price(GenerationRequest, ProviderCapabilities)} at the
 * storyboard's snapshot), so a take billed as asked never spends beyond its reservation.
 */
class ChargeMatchesReserveTest {

  private static final Duration LATENCY = Duration.ofMillis(50);

  @TempDir Path dir;

  private ProviderHarness harness;
  private final List<AutoCloseable> emulators = new ArrayList<>();
  private AssetRef frame;

  @BeforeEach
  void start() throws Exception {
    harness = new ProviderHarness(dir);
    frame = harness.png(320, 180, Color.BLUE, Color.CYAN);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable e : emulators) {
      e.close();
    }
    harness.close();
  }

  private static ProviderSettings settings(String name, String baseUrl, String key) {
    ProviderSettings config = new ProviderSettings(name);
    config.setBaseUrl(URI.create(baseUrl));
    config.setApiKey(key);
    return config;
  }

  /** What the shot reserves for {@code request}: the storyboard's card and snapshot, as {@code ShotBudget} prices. */
  private static BigDecimal reserved(GenerationRequest request) {
    ProviderCapabilities snapshot = ProviderCapabilities.snapshot(List.of(request.provider()), request.model(),
        request.tier());
    return RateCard.defaults().price(request, snapshot);
  }

  private void assertChargedAsReserved(ProviderAdapter adapter, GenerationRequest... requests) {
    ProviderActivitiesImpl activities = harness.activities(adapter);
    for (GenerationRequest request : requests) {
      GenerationResult result = ProviderHarness.await(activities, activities.submit(request), request);
      assertEquals(0, reserved(request).compareTo(result.costUsd()), request.provider() + " " + request.kind() + " "
          + request.tier() + " " + request.width() + "x" + request.height() + ": reserved " + reserved(request)
          + ", charged " + result.costUsd());
    }
  }

  private static GenerationRequest sized(GenerationRequest r, int width, int height) {
    return new GenerationRequest(r.idempotencyKey(), r.storyboardId(), r.shotId(), r.kind(), r.provider(), r.model(),
        r.tier(), r.prompt(), r.negativePrompt(), r.durationSeconds(), width, height, r.fps(), r.aspectRatio(),
        r.startFrame(), r.endFrame(), r.sourceVideo(), r.audio(), r.variant(), r.speech(), r.sourceVideoId());
  }

  private static GenerationRequest kling16(GenerationKind kind, AssetRef start, AssetRef source, String sourceVideoId) {
    GenerationRequest r = request(kind, "kling", "pro", 5, start, null, source, null);
    return new GenerationRequest(r.idempotencyKey(), r.storyboardId(), r.shotId(), kind, "kling",
        ProviderCatalog.KLING_V1_6, "pro", r.prompt(), null, 5, r.width(), r.height(), r.fps(), r.aspectRatio(), start,
        null, source, null, 1, null, sourceVideoId);
  }

  /** A clip of {@code model} with native audio speaking a line in the emulators' preset voice. */
  private GenerationRequest voiced(String provider, String model, String tier, int seconds) {
    GenerationRequest r = ProviderHarness.clip(provider, model, tier, seconds, frame, null);
    return new GenerationRequest(r.idempotencyKey(), r.storyboardId(), r.shotId(), r.kind(), provider, model, tier,
        r.prompt(), r.negativePrompt(), seconds, r.width(), r.height(), r.fps(), r.aspectRatio(), frame, null, null,
        null, 1, new GenerationRequest.Speech("Cast off!", VoiceLibrary.PRESET, "en", 1.0), null, List.of(), true);
  }

  private AssetRef video(String provider, ProviderAdapter adapter) {
    GenerationRequest clip = request(GenerationKind.CLIP, provider, "standard", 5, frame, null, null, null);
    ProviderActivitiesImpl activities = harness.activities(adapter);
    return ProviderHarness.await(activities, activities.submit(clip), clip).asset();
  }

  @Test
  void kling() throws Exception {
    KlingEmulator e = KlingEmulator.start(KlingEmulator.Options.of("ak", "sk").withLatency(LATENCY, LATENCY)
        .withSizes(320, 320).withFolder(dir.resolve("kling")));
    emulators.add(e);
    ProviderSettings config = settings("kling", e.baseUrl(), null);
    config.setAccessKey("ak");
    config.setSecretKey("sk");
    KlingAdapter adapter = new KlingAdapter(config, new ProviderInputs(harness.site.url(), harness.store),
        harness.http, harness.json);
    ProviderActivitiesImpl activities = harness.activities(adapter);
    GenerationRequest v16 = kling16(GenerationKind.CLIP, frame, null, null);
    GenerationResult clip16 = ProviderHarness.await(activities, activities.submit(v16), v16);

    assertChargedAsReserved(adapter,
        request(GenerationKind.KEYFRAME, "kling", "pro", 0, null, null, null, null),
        request(GenerationKind.CLIP, "kling", "standard", 5, frame, null, null, null),
        request(GenerationKind.CLIP, "kling", "pro", 10, frame, null, null, null),
        request(GenerationKind.CLIP, "kling", "master", 5, frame, null, null, null),
        request(GenerationKind.EXTEND, "kling", "pro", 5, frame, null, null, null),
        kling16(GenerationKind.EXTEND, null, clip16.asset(), clip16.outputVideoId()),
        voiced("kling", ProviderCatalog.KLING_V2_6, "pro", 10),
        voiced("kling", ProviderCatalog.KLING_V3, "standard", 7),
        request(GenerationKind.LIP_SYNC, "kling", "standard", 5, null, null, video("kling", adapter), harness.wav(3)));
  }

  @Test
  void klingAtBulkUnitPrices() throws Exception {
    KlingEmulator e = KlingEmulator.start(KlingEmulator.Options.of("ak", "sk").withLatency(LATENCY, LATENCY)
        .withSizes(320, 320).withFolder(dir.resolve("kling")));
    emulators.add(e);
    ProviderSettings config = settings("kling", e.baseUrl(), null);
    config.setAccessKey("ak");
    config.setSecretKey("sk");
    config.setUnitPriceUsd(new BigDecimal("0.126"));
    KlingAdapter adapter = new KlingAdapter(config, new ProviderInputs(null, harness.store), harness.http,
        harness.json);
    GenerationRequest clip = request(GenerationKind.CLIP, "kling", "standard", 5, frame, null, null, null);
    ProviderActivitiesImpl activities = harness.activities(adapter);

    GenerationResult result = ProviderHarness.await(activities, activities.submit(clip), clip);

    RateCard card = RateCard.defaults().withKlingUnitPrices(new BigDecimal("0.126"), new BigDecimal("0.0035"));
    assertEquals(0, new BigDecimal("0.252").compareTo(result.costUsd()), result.costUsd().toPlainString());
    assertEquals(0, card.price(clip).compareTo(result.costUsd()), "the card the API snapshots prices the same");
  }

  @Test
  void fal() throws Exception {
    FalEmulator e = FalEmulator.start(FalEmulator.Options.of("fk").withLatency(LATENCY, LATENCY)
        .withClipMaxLongSide(320).withFolder(dir.resolve("fal")));
    emulators.add(e);
    FalAdapter adapter = new FalAdapter(settings("fal", e.baseUrl(), "fk"),
        new ProviderInputs(null, harness.store), harness.http, harness.json);
    GenerationRequest keyframe = request(GenerationKind.KEYFRAME, "fal", "pro", 0, null, null, null, null);

    assertChargedAsReserved(adapter,
        keyframe,
        sized(keyframe, 1920, 1080),
        request(GenerationKind.CLIP, "fal", "standard", 5, frame, null, null, null),
        request(GenerationKind.EXTEND, "fal", "master", 10, frame, null, null, null),
        voiced("fal", ProviderCatalog.KLING_V2_6, "pro", 5),
        voiced("fal", ProviderCatalog.KLING_V3, "pro", 12),
        request(GenerationKind.LIP_SYNC, "fal", "standard", 5, null, null, video("fal", adapter), harness.wav(3)));
  }

  @Test
  void wavespeed() throws Exception {
    WaveSpeedEmulator e = WaveSpeedEmulator.start(WaveSpeedEmulator.Options.of("wk").withLatency(LATENCY, LATENCY)
        .withClipMaxLongSide(320).withFolder(dir.resolve("wavespeed")));
    emulators.add(e);
    WaveSpeedAdapter adapter = new WaveSpeedAdapter(settings("wavespeed", e.baseUrl(), "wk"),
        new ProviderInputs(null, harness.store), harness.http, harness.json);
    GenerationRequest keyframe = request(GenerationKind.KEYFRAME, "wavespeed", "pro", 0, null, null, null, null);

    assertChargedAsReserved(adapter,
        keyframe,
        sized(keyframe, 1920, 1080),
        request(GenerationKind.CLIP, "wavespeed", "pro", 10, frame, null, null, null),
        request(GenerationKind.LIP_SYNC, "wavespeed", "standard", 5, null, null, video("wavespeed", adapter),
            harness.wav(3)));
  }

  @Test
  void replicate() throws Exception {
    ReplicateEmulator e = ReplicateEmulator.start(ReplicateEmulator.Options.of("rk").withLatency(LATENCY, LATENCY)
        .withSizes(320, 320).withFolder(dir.resolve("replicate")));
    emulators.add(e);
    ReplicateAdapter adapter = new ReplicateAdapter(settings("replicate", e.baseUrl(), "rk"),
        new ProviderInputs(null, harness.store), harness.http, harness.json);

    assertChargedAsReserved(adapter,
        request(GenerationKind.KEYFRAME, "replicate", "pro", 0, null, null, null, null),
        request(GenerationKind.CLIP, "replicate", "master", 5, frame, null, null, null),
        request(GenerationKind.LIP_SYNC, "replicate", "standard", 5, null, null, video("replicate", adapter),
            harness.wav(3)));
  }

  @Test
  void sync() throws Exception {
    SyncEmulator e = SyncEmulator.start(SyncEmulator.Options.of("sk").withLatency(LATENCY, LATENCY)
        .withFolder(dir.resolve("sync")));
    emulators.add(e);
    SyncAdapter adapter = new SyncAdapter(settings("sync", e.baseUrl(), "sk"),
        new ProviderInputs(harness.site.url(), harness.store), harness.http, harness.json);
    EmulatorMedia source = new EmulatorMedia(dir.resolve("source"));
    String clip = source.clip(TestMedia.picture(320, 180, Color.BLUE, Color.CYAN), null, 3, 24, 320, "source");
    AssetRef video = harness.store.put(source.file(clip), "video/mp4");

    assertChargedAsReserved(adapter,
        request(GenerationKind.LIP_SYNC, "sync", "standard", 3, null, null, video, harness.wav(3)));
  }
}
