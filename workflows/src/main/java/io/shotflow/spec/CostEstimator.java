package io.shotflow.spec;

import io.shotflow.provider.Capabilities;
import io.shotflow.provider.ProviderCatalog;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a spec costs if every first take is approved, from the declared prices ({@link ProviderCatalog}):
 * keyframes generated from prompts, {@code variants} clips, {@code variants} takes per extend step, and the
 * lip-sync of the finished shot. The storyboard reserves each shot's estimate as its allowance.
 */
public final class CostEstimator {

  private CostEstimator() {}

  /** {@code perShotUsd} is keyed by shot id in spec order. */
  public record CostEstimate(BigDecimal totalUsd, Map<String, BigDecimal> perShotUsd) {}

  /** Needs a spec whose provider, model, tier, durations and lip-sync providers are valid. */
  public static CostEstimate estimate(StoryboardSpec spec) {
    Map<String, BigDecimal> perShot = new LinkedHashMap<>();
    BigDecimal total = BigDecimal.ZERO;
    for (ShotSpec shot : spec.shots()) {
      BigDecimal cost = estimateShot(spec, shot);
      perShot.put(shot.id(), cost);
      total = total.add(cost);
    }
    return new CostEstimate(total, Collections.unmodifiableMap(perShot));
  }

  public static BigDecimal estimateShot(StoryboardSpec spec, ShotSpec shot) {
    Capabilities caps = Capabilities.of(spec.provider(), spec.model(), spec.tier());
    BigDecimal variants = BigDecimal.valueOf(shot.variants());
    BigDecimal cost = BigDecimal.ZERO;
    for (FrameSpec frame : new FrameSpec[] {shot.startFrame(), shot.endFrame()}) {
      if (frame != null && frame.isPrompt()) {
        cost = cost.add(caps.keyframePrice());
      }
    }
    cost = cost.add(caps.clipPrice(shot.duration()).multiply(variants));
    BigDecimal extendSteps = BigDecimal.valueOf(shot.extend().size());
    cost = cost.add(caps.extendPrice(shot.duration()).multiply(variants).multiply(extendSteps));
    if (shot.dialogue() != null) {
      String provider = lipSyncProvider(spec, shot);
      cost = cost.add(ProviderCatalog.lipSync(provider)
          .orElseThrow(() -> new IllegalArgumentException("provider " + provider + " has no lip-sync"))
          .price(shot.totalSeconds()));
    }
    return cost;
  }

  /** The provider of a shot's lip-sync step: its own choice, else the storyboard's provider. */
  public static String lipSyncProvider(StoryboardSpec spec, ShotSpec shot) {
    String chosen = shot.dialogue() == null ? null : shot.dialogue().lipSync().provider();
    return chosen != null ? chosen : spec.provider();
  }
}
