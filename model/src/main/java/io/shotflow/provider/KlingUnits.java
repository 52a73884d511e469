package io.shotflow.provider;

import java.math.BigDecimal;

/**
 * The units Kling deducts for a call as its price list declares them (docs/providers.md §1.12): image-to-video and
 * extensions per model and tier as the models file's {@code units} say; a keyframe 4 image-pack units; lip-sync 0.5 per
 * started 5 s of video. The rate card's Kling prices are these units
 * at the configured unit prices ({@link RateCard#withKlingUnitPrices}), and a job's charge is its price scaled by the
 * units Kling actually deducted over these ({@link RateCard#charge}).
 */
public final class KlingUnits {

  public static final BigDecimal IMAGE_UNITS = new BigDecimal("4");
  public static final BigDecimal LIP_SYNC_UNITS_PER_5S = new BigDecimal("0.5");

  private KlingUnits() {}

  /**
   * The declared units of one call of {@code kind}: for a clip or extend step, what the models file declares for
   * {@code model} and {@code tier} on Kling ({@code units}).
   */
  public static BigDecimal of(GenerationKind kind, String model, String tier, int seconds) {
    return switch (kind) {
      case KEYFRAME -> IMAGE_UNITS;
      case CLIP -> video(model, tier).clip().of(seconds);
      case EXTEND -> video(model, tier).extend().of(seconds);
      case LIP_SYNC -> LIP_SYNC_UNITS_PER_5S.multiply(BigDecimal.valueOf(Math.max(1, (seconds + 4) / 5)));
    };
  }

  /** {@link #of(GenerationKind, String, String, int)} of a clip or extend step asking for {@code sound}. */
  public static BigDecimal of(GenerationKind kind, String model, String tier, int seconds, RateCard.Sound sound) {
    if (sound == RateCard.Sound.SILENT || (kind != GenerationKind.CLIP && kind != GenerationKind.EXTEND)) {
      return of(kind, model, tier, seconds);
    }
    Capabilities.Units units = video(model, tier);
    Rate rate = sound == RateCard.Sound.VOICE && units.voice() != null ? units.voice() : units.audio();
    if (rate == null) {
      throw new IllegalArgumentException("Kling declares no units for " + model + " " + tier + " with sound");
    }
    return rate.of(seconds);
  }

  private static Capabilities.Units video(String model, String tier) {
    String family = model == null ? ProviderCatalog.KLING_V2_1 : model;
    return ProviderCatalog.find(ProviderCatalog.KLING, family, tier)
        .map(Capabilities::units)
        .orElseThrow(() -> new IllegalArgumentException("Kling declares no units for " + family + " " + tier));
  }
}
