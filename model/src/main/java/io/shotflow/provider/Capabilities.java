package io.shotflow.provider;

import java.math.BigDecimal;
import java.util.Set;

/**
 * What one provider declares for one model family and tier. {@code maxPromptChars} bounds every prompt sent for a
 * shot in this model (clip, extend, negative and keyframe prompts). Spec validation, cost estimates, the shot
 * workflow's budget checks and (later) routing and failover all read this one table ({@link ProviderCatalog}).
 */
public record Capabilities(
    String provider,
    String model,
    String tier,
    boolean keyframes,
    boolean imageToVideo,
    boolean endFrame,
    boolean nativeExtend,
    Set<Integer> durations,
    String nativeResolution,
    ImageLimits imageLimits,
    Prices prices,
    int maxPromptChars) {

  /** The declared capabilities; throws {@link IllegalArgumentException} for a combination no provider offers. */
  public static Capabilities of(String provider, String model, String tier) {
    return ProviderCatalog.find(provider, model, tier)
        .orElseThrow(() -> new IllegalArgumentException(
            "provider " + provider + " does not offer model " + model + " in tier " + tier));
  }

  public boolean supportsDuration(int seconds) {
    return durations.contains(seconds);
  }

  public BigDecimal clipPrice(int seconds) {
    return byDuration(seconds, prices.clip5s(), prices.clip10s());
  }

  public BigDecimal extendPrice(int seconds) {
    return byDuration(seconds, prices.extend5s(), prices.extend10s());
  }

  public BigDecimal keyframePrice() {
    return prices.keyframe();
  }

  private BigDecimal byDuration(int seconds, BigDecimal fiveSeconds, BigDecimal tenSeconds) {
    return switch (seconds) {
      case 5 -> fiveSeconds;
      case 10 -> tenSeconds;
      default -> throw new IllegalArgumentException(provider + " has no price for " + seconds + " s clips");
    };
  }

  /** Input image rules (Kling: jpg/png, at least 300 px a side, at most 10 MB, aspect 1:2.5..2.5:1). */
  public record ImageLimits(int minSidePx, long maxBytes, double minAspect, double maxAspect, Set<String> formats) {}

  /** USD per call: one keyframe image, one clip of 5 or 10 s, one extend step of 5 or 10 s. */
  public record Prices(BigDecimal keyframe, BigDecimal clip5s, BigDecimal clip10s, BigDecimal extend5s, BigDecimal extend10s) {}
}
