package io.shotflow.emulator;

import io.shotflow.emulator.fal.FalEmulator;
import io.shotflow.emulator.kling.KlingEmulator;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Every provider emulator at once, with fresh credentials, for trying the real provider paths offline
 * ({@code ./shotflow serve --emulate-providers}): {@link #properties()} are the settings that point the adapters at
 * them.
 */
public final class ProviderEmulators implements AutoCloseable {

  private final KlingEmulator kling;
  private final FalEmulator fal;
  private final Map<String, String> properties;

  private ProviderEmulators(KlingEmulator kling, FalEmulator fal, Map<String, String> properties) {
    this.kling = kling;
    this.fal = fal;
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
    KlingEmulator kling = KlingEmulator.start(KlingEmulator.Options.of(accessKey, secretKey)
        .withSizes(longSide, longSide).withFolder(folder.resolve("kling")));
    FalEmulator fal;
    try {
      fal = FalEmulator.start(FalEmulator.Options.of(falKey)
          .withClipMaxLongSide(longSide).withFolder(folder.resolve("fal")));
    } catch (IOException | RuntimeException e) {
      kling.close();
      throw e;
    }
    return new ProviderEmulators(kling, fal, Map.of(
        "shotflow.providers.kling.base-url", kling.baseUrl(),
        "shotflow.providers.kling.access-key", accessKey,
        "shotflow.providers.kling.secret-key", secretKey,
        "shotflow.providers.kling.webhook-secret", secret(),
        "shotflow.providers.fal.base-url", fal.baseUrl(),
        "shotflow.providers.fal.api-key", falKey,
        "shotflow.providers.fal.jwks-url", fal.jwksUrl()));
  }

  public KlingEmulator kling() {
    return kling;
  }

  public FalEmulator fal() {
    return fal;
  }

  /** The configuration that points the adapters (and the webhook verifiers) at these emulators. */
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public void close() {
    kling.close();
    fal.close();
  }

  private static String secret() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
