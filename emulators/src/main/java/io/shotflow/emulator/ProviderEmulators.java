package io.shotflow.emulator;

import io.shotflow.emulator.fal.FalEmulator;
import io.shotflow.emulator.kling.KlingEmulator;
import io.shotflow.emulator.replicate.ReplicateEmulator;
import io.shotflow.emulator.sync.SyncEmulator;
import io.shotflow.emulator.wavespeed.WaveSpeedEmulator;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every provider emulator at once, with fresh credentials, for trying the real provider paths offline
 * ({@code ./shotflow serve --emulate-providers}): {@link #properties()} are the settings that point the adapters and the
 * webhook verifiers at them.
 */
public final class ProviderEmulators implements AutoCloseable {

  private final KlingEmulator kling;
  private final FalEmulator fal;
  private final WaveSpeedEmulator wavespeed;
  private final ReplicateEmulator replicate;
  private final SyncEmulator sync;
  private final Map<String, String> properties;

  private ProviderEmulators(KlingEmulator kling, FalEmulator fal, WaveSpeedEmulator wavespeed,
      ReplicateEmulator replicate, SyncEmulator sync, Map<String, String> properties) {
    this.kling = kling;
    this.fal = fal;
    this.wavespeed = wavespeed;
    this.replicate = replicate;
    this.sync = sync;
    this.properties = properties;
  }

  /** Starts the emulators on free ports at 720p-class output; their media goes under {@code folder}. */
  public static ProviderEmulators start(Path folder) throws IOException {
    return start(folder, 1280);
  }

  /** As {@link #start(Path)}, with images and clips at most {@code longSide} pixels on their long side. */
  public static ProviderEmulators start(Path folder, int longSide) throws IOException {
    String accessKey = "emulator-ak-" + secret();
    String secretKey = secret();
    String falKey = "emulator-fal-" + secret();
    String wavespeedKey = "emulator-wavespeed-" + secret();
    String replicateKey = "r8_emulator" + secret();
    String syncKey = "emulator-sync-" + secret();
    List<Runnable> stops = new ArrayList<>();
    try {
      KlingEmulator kling = started(stops, KlingEmulator.start(KlingEmulator.Options.of(accessKey, secretKey)
          .withSizes(longSide, longSide).withFolder(folder.resolve("kling"))));
      FalEmulator fal = started(stops, FalEmulator.start(FalEmulator.Options.of(falKey)
          .withClipMaxLongSide(longSide).withFolder(folder.resolve("fal"))));
      WaveSpeedEmulator wavespeed = started(stops, WaveSpeedEmulator.start(WaveSpeedEmulator.Options.of(wavespeedKey)
          .withClipMaxLongSide(longSide).withFolder(folder.resolve("wavespeed"))));
      ReplicateEmulator replicate = started(stops, ReplicateEmulator.start(
          ReplicateEmulator.Options.of(replicateKey).withSizes(longSide, longSide).withFolder(folder.resolve("replicate"))));
      SyncEmulator sync = started(stops, SyncEmulator.start(SyncEmulator.Options.of(syncKey)
          .withFolder(folder.resolve("sync"))));
      Map<String, String> properties = new LinkedHashMap<>();
      properties.put("shotflow.providers.kling.base-url", kling.baseUrl());
      properties.put("shotflow.providers.kling.access-key", accessKey);
      properties.put("shotflow.providers.kling.secret-key", secretKey);
      properties.put("shotflow.providers.kling.webhook-secret", secret());
      properties.put("shotflow.providers.fal.base-url", fal.baseUrl());
      properties.put("shotflow.providers.fal.api-key", falKey);
      properties.put("shotflow.providers.fal.jwks-url", fal.jwksUrl());
      properties.put("shotflow.providers.wavespeed.base-url", wavespeed.baseUrl());
      properties.put("shotflow.providers.wavespeed.api-key", wavespeedKey);
      properties.put("shotflow.providers.wavespeed.webhook-secret", wavespeed.webhookSecret());
      properties.put("shotflow.providers.replicate.base-url", replicate.baseUrl());
      properties.put("shotflow.providers.replicate.api-key", replicateKey);
      properties.put("shotflow.providers.replicate.webhook-secret", replicate.webhookSecret());
      properties.put("shotflow.providers.sync.base-url", sync.baseUrl());
      properties.put("shotflow.providers.sync.api-key", syncKey);
      properties.put("shotflow.providers.sync.webhook-secret", sync.webhookSecret());
      return new ProviderEmulators(kling, fal, wavespeed, replicate, sync, Map.copyOf(properties));
    } catch (IOException | RuntimeException e) {
      stops.forEach(Runnable::run);
      throw e;
    }
  }

  /** Remembers how to stop an emulator that started, in case a later one does not. */
  private static <E extends AutoCloseable> E started(List<Runnable> stops, E emulator) {
    stops.add(() -> {
      try {
        emulator.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop an emulator", e);
      }
    });
    return emulator;
  }

  public KlingEmulator kling() {
    return kling;
  }

  public FalEmulator fal() {
    return fal;
  }

  public WaveSpeedEmulator wavespeed() {
    return wavespeed;
  }

  public ReplicateEmulator replicate() {
    return replicate;
  }

  public SyncEmulator sync() {
    return sync;
  }

  /** The configuration that points the adapters (and the webhook verifiers) at these emulators. */
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public void close() {
    kling.close();
    fal.close();
    wavespeed.close();
    replicate.close();
    sync.close();
  }

  private static String secret() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
