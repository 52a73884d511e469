package io.shotflow.spec;

import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.RateCard;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a spec costs if every first take is approved, from a {@link RateCard} (the configured one at submission, the
 * storyboard's snapshot in its workflow):
 * keyframes generated from prompts (at the storyboard's frame size, which fal bills per started megapixel),
 * {@code variants} clips, {@code variants} takes per extend step, and the
 * lip-sync of the finished shot (none with native audio), and each character's references generated from prompts,
 * once for the whole storyboard. The storyboard reserves each shot's (and sheet's) estimate as its allowance.
 */
public final class CostEstimator {

  private CostEstimator() {}

  /**
   * {@code perShotUsd} is keyed by shot id in spec order, then by sheet ({@code character:<id>}); {@code lines} says
   * the same with each shot's model and seconds.
   */
  public record CostEstimate(BigDecimal totalUsd, Map<String, BigDecimal> perShotUsd, List<Line> lines) {

    public CostEstimate(BigDecimal totalUsd, Map<String, BigDecimal> perShotUsd) {
      this(totalUsd, perShotUsd, List.of());
    }
  }

  /**
   * One shot's (or sheet's) part of the estimate: the model it is made with, the seconds of video it contributes (0
   * for a sheet), its cost and that cost per second of video (null for a sheet).
   */
  public record Line(String id, String model, int seconds, BigDecimal usd, BigDecimal usdPerSecond) {}

  /** At the catalog's default prices. Needs a spec whose provider, model, tier, durations and lip-sync providers are valid. */
  public static CostEstimate estimate(StoryboardSpec spec) {
    return estimate(spec, RateCard.defaults());
  }

  public static CostEstimate estimate(StoryboardSpec spec, RateCard card) {
    Map<String, BigDecimal> perShot = new LinkedHashMap<>();
    List<Line> lines = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (ShotSpec shot : spec.shots()) {
      BigDecimal cost = estimateShot(spec, shot, card, ProviderCapabilities.catalog());
      perShot.put(shot.id(), cost);
      lines.add(new Line(shot.id(), spec.modelOf(shot), shot.totalSeconds(), cost, perSecond(cost, shot.totalSeconds())));
      total = total.add(cost);
    }
    for (CharacterSpec character : spec.characters()) {
      BigDecimal cost = estimateSheet(spec, character, card, ProviderCapabilities.catalog());
      String sheet = io.shotflow.review.Subjects.sheet(character.id());
      perShot.put(sheet, cost);
      lines.add(new Line(sheet, spec.model(), 0, cost, null));
      total = total.add(cost);
    }
    return new CostEstimate(total, Collections.unmodifiableMap(perShot), List.copyOf(lines));
  }

  /**
   * One shot's estimate on its model ({@link StoryboardSpec#modelOf}), with what {@code declared} says where the card
   * lacks a price (and for lip-sync units).
   */
  public static BigDecimal estimateShot(StoryboardSpec spec, ShotSpec shot, RateCard card,
      ProviderCapabilities declared) {
    String provider = spec.provider();
    String model = spec.modelOf(shot);
    BigDecimal variants = BigDecimal.valueOf(shot.variants());
    BigDecimal cost = BigDecimal.ZERO;
    for (FrameSpec frame : new FrameSpec[] {shot.startFrame(), shot.endFrame()}) {
      if (frame != null && frame.isPrompt()) {
        cost = cost.add(card.keyframePrice(provider, model, spec.tier(), spec.width(), spec.height(), declared));
      }
    }
    RateCard.Sound sound = sound(spec, shot, declared);
    cost = cost.add(card.price(GenerationKind.CLIP, provider, model, spec.tier(), shot.duration(), declared,
        sound).multiply(variants));
    BigDecimal extendSteps = BigDecimal.valueOf(shot.extend().size());
    // an extend step asks for sound too, but speaks no line (GenerationRequests)
    RateCard.Sound extendSound = sound == RateCard.Sound.SILENT ? sound : RateCard.Sound.AUDIO;
    cost = cost.add(card.price(GenerationKind.EXTEND, provider, model, spec.tier(), shot.duration(), declared,
        extendSound).multiply(variants).multiply(extendSteps));
    if (shot.lipSynced()) {
      cost = cost.add(card.price(GenerationKind.LIP_SYNC, lipSyncProvider(spec, shot), null, null, shot.totalSeconds(),
          declared));
    }
    return cost;
  }

  /**
   * What a shot's clip asks for: silence, native audio, or (with a line in a named voice, its own or its first
   * character's, on a model with voice control) native audio with voice control.
   */
  static RateCard.Sound sound(StoryboardSpec spec, ShotSpec shot, ProviderCapabilities declared) {
    if (!shot.nativeAudio()) {
      return RateCard.Sound.SILENT;
    }
    DialogueSpec line = shot.dialogue();
    boolean voiced = line != null && line.text() != null && (line.voiceId() != null || shot.characters().stream()
        .map(id -> spec.characters().stream().filter(c -> id.equals(c.id())).findFirst())
        .flatMap(java.util.Optional::stream).anyMatch(c -> c.voiceId() != null));
    boolean control = declared.find(spec.provider(), spec.modelOf(shot), spec.tier())
        .map(io.shotflow.provider.Capabilities::voiceControl).orElse(false);
    return voiced && control ? RateCard.Sound.VOICE : RateCard.Sound.AUDIO;
  }

  /** {@code cost} over {@code seconds}, to 4 decimal places without trailing zeros (0.08, not 0.0800 or 8E-2). */
  private static BigDecimal perSecond(BigDecimal cost, int seconds) {
    BigDecimal each = cost.divide(BigDecimal.valueOf(seconds), 4, RoundingMode.HALF_UP).stripTrailingZeros();
    return each.scale() < 0 ? each.setScale(0) : each;
  }

  /** A character's sheet: one keyframe per reference generated from a prompt, on the storyboard's own model. */
  public static BigDecimal estimateSheet(StoryboardSpec spec, CharacterSpec character, RateCard card,
      ProviderCapabilities declared) {
    long generated = character.references().stream().filter(r -> r != null && r.isPrompt()).count();
    return generated == 0 ? BigDecimal.ZERO
        : card.keyframePrice(spec.provider(), spec.model(), spec.tier(), spec.width(), spec.height(), declared)
            .multiply(BigDecimal.valueOf(generated));
  }

  /** Every provider a spec may call: its provider, its fallbacks and its lip-sync providers (for the card's snapshot). */
  public static Set<String> providersUsed(StoryboardSpec spec) {
    Set<String> used = new LinkedHashSet<>();
    used.add(spec.provider());
    used.addAll(spec.fallbackProviders());
    if (spec.shots() != null) {
      spec.shots().stream().filter(s -> s != null && s.lipSynced()).forEach(s -> used.add(lipSyncProvider(spec, s)));
    }
    return used;
  }

  /** The provider of a shot's lip-sync step: its own choice, else the storyboard's provider. */
  public static String lipSyncProvider(StoryboardSpec spec, ShotSpec shot) {
    String chosen = shot.dialogue() == null ? null : shot.dialogue().lipSync().provider();
    return chosen != null ? chosen : spec.provider();
  }
}
