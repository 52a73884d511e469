package io.shotflow.provider;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one provider declares for one model family and tier: one entry of the models file ({@code models.yaml}, read by
 * {@link ModelTable}). {@code durations} are the clip lengths it makes; {@code maxPromptChars} bounds every prompt sent
 * for a shot in this model (clip, extend, negative and keyframe prompts); {@code referenceImages} (of them
 * {@code referenceImagesWithEndFrame} when the request also has an end frame), {@code nativeAudio} (also with an end
 * frame: {@code audioWithEndFrame})
 * and {@code voiceControl} say what reference-conditioned and sound-making requests it takes; {@code endpoint} (and
 * {@code endFrameEndpoint}) is the provider's name for the model and tier; {@code units} what Kling deducts (Kling
 * only). Spec validation, cost estimates, the shot workflow's budget checks, routing and failover all read these
 * entries ({@link ProviderCatalog}, or a storyboard's snapshot of them).
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
    int maxPromptChars,
    int referenceImages,
    int referenceImagesWithEndFrame,
    boolean nativeAudio,
    boolean audioWithEndFrame,
    boolean voiceControl,
    String endpoint,
    String endFrameEndpoint,
    Units units) {

  public Capabilities {
    durations = Collections.unmodifiableSortedSet(new TreeSet<>(durations));
  }

  /** The declared capabilities; throws {@link IllegalArgumentException} for a combination no provider offers. */
  public static Capabilities of(String provider, String model, String tier) {
    return ProviderCatalog.find(provider, model, tier)
        .orElseThrow(() -> new IllegalArgumentException(
            "provider " + provider + " does not offer model " + model + " in tier " + tier));
  }

  public boolean supportsDuration(int seconds) {
    return durations.contains(seconds);
  }

  /** The allowed durations as a reader sees them: {@code 5 or 10 s}, {@code 3-15 s}. */
  public String describeDurations() {
    List<Integer> all = List.copyOf(durations);
    int first = all.get(0);
    int last = all.get(all.size() - 1);
    if (all.size() > 2 && last - first == all.size() - 1) {
      return first + "-" + last + " s";
    }
    return String.join(" or ", all.stream().map(String::valueOf).toList()) + " s";
  }

  public BigDecimal clipPrice(int seconds) {
    return priced(prices.clip(), seconds);
  }

  public BigDecimal extendPrice(int seconds) {
    return priced(prices.extend(), seconds);
  }

  public BigDecimal keyframePrice() {
    return prices.keyframe();
  }

  /** This entry with {@code nativeExtend} replaced (tests of the extend path). */
  public Capabilities withNativeExtend(boolean value) {
    return new Capabilities(provider, model, tier, keyframes, imageToVideo, endFrame, value, durations,
        nativeResolution, imageLimits, prices, maxPromptChars, referenceImages, referenceImagesWithEndFrame, nativeAudio,
        audioWithEndFrame, voiceControl, endpoint, endFrameEndpoint, units);
  }

  private BigDecimal priced(Rate rate, int seconds) {
    try {
      return rate.of(seconds);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(provider + " " + model + " " + tier + " has " + e.getMessage());
    }
  }

  /** Input image rules (Kling: jpg/png, at least 300 px a side, at most 10 MB, aspect 1:2.5..2.5:1). */
  public record ImageLimits(int minSidePx, long maxBytes, double minAspect, double maxAspect, Set<String> formats) {}

  /**
   * USD per call: one keyframe image; a clip, an extend step, a clip with native audio and one with voice control
   * ({@code audio} and {@code voice} null where the model has none). An extend step costs a clip unless its model
   * extends natively.
   */
  public record Prices(BigDecimal keyframe, Rate clip, Rate extend, Rate audio, Rate voice) {}

  /** The units Kling's price list deducts for the same calls (Kling's own API only; see {@link KlingUnits}). */
  public record Units(Rate clip, Rate extend, Rate audio, Rate voice) {}
}
