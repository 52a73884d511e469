package io.shotflow.provider;

import java.math.BigDecimal;

/**
 * The units Kling deducts for a call as its price list declares them (docs/providers.md §1.12): image-to-video per 5 s
 * std 2, pro 3.5, master 10 (v1.6 at v2.1's, unpublished); a v1.6 native extension std 2 / pro 3.5 whatever its length;
 * a keyframe 4 image-pack units; lip-sync 0.5 per started 5 s of video. The rate card's Kling prices are these units
 * at the configured unit prices ({@link RateCard#withKlingUnitPrices}), and a job's charge is its price scaled by the
 * units Kling actually deducted over these ({@link RateCard#charge}).
 */
public final class KlingUnits {

  public static final BigDecimal IMAGE_UNITS = new BigDecimal("4");
  public static final BigDecimal LIP_SYNC_UNITS_PER_5S = new BigDecimal("0.5");

  private KlingUnits() {}

  /** The declared units of one call of {@code kind}. */
  public static BigDecimal of(GenerationKind kind, String model, String tier, int seconds) {
    return switch (kind) {
      case KEYFRAME -> IMAGE_UNITS;
      case CLIP -> video(tier, seconds);
      case EXTEND -> ProviderCatalog.KLING_V1_6.equals(model) ? perFiveSeconds(tier) : video(tier, seconds);
      case LIP_SYNC -> LIP_SYNC_UNITS_PER_5S.multiply(BigDecimal.valueOf(Math.max(1, (seconds + 4) / 5)));
    };
  }

  private static BigDecimal video(String tier, int seconds) {
    return perFiveSeconds(tier).multiply(BigDecimal.valueOf(seconds)).divide(BigDecimal.valueOf(5));
  }

  private static BigDecimal perFiveSeconds(String tier) {
    return switch (tier) {
      case "master" -> BigDecimal.TEN;
      case "pro" -> new BigDecimal("3.5");
      default -> BigDecimal.valueOf(2);
    };
  }
}
