package io.shotflow.provider;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The declared capabilities of every provider, per model family and tier, and their lip-sync steps: the models file
 * ({@code io/shotflow/provider/models.yaml}, read and checked by {@link ModelTable}) loaded once, on first use. Numbers
 * follow docs/providers.md; where a provider publishes no price the file says which estimate it uses. Prices are
 * defaults of a rate card, not what a provider bills: takes record the actual cost the adapter reports. Workflows never
 * read this class: a storyboard carries the entries it may use in its input ({@link ProviderCapabilities#snapshot}).
 */
public final class ProviderCatalog {

  public static final String LOCAL = "local";
  public static final String KLING = "kling";
  public static final String FAL = "fal";
  public static final String WAVESPEED = "wavespeed";
  public static final String REPLICATE = "replicate";
  public static final String SYNC = "sync";

  public static final String KLING_V2_1 = "kling-v2.1";
  /** Kling 1.6: the family Kling's native video-extend takes (§1.7). */
  public static final String KLING_V1_6 = "kling-v1.6";
  /** Kling 2.5 Turbo: start and end frames in pro. */
  public static final String KLING_V2_5_TURBO = "kling-v2.5-turbo";
  /** Kling 2.6: native audio. */
  public static final String KLING_V2_6 = "kling-v2.6";
  /** Kling 3.0: 3–15 s, native audio, reference elements. */
  public static final String KLING_V3 = "kling-v3";
  /** Kling O1 reference-to-video. */
  public static final String KLING_O1 = "kling-o1";
  public static final List<String> TIERS = List.of("standard", "pro", "master");

  private ProviderCatalog() {}

  /** The table, read and checked on first use (throws naming the entry and field when the file is wrong). */
  private static final class Table {
    static final ModelTable TABLE = ModelTable.builtIn();
    static final Map<String, Capabilities> VIDEO = TABLE.videoByKey();
  }

  /** The whole table: what {@link ProviderCapabilities#catalog()} and the rate card's defaults are built from. */
  public static ModelTable table() {
    return Table.TABLE;
  }

  /** Every provider name Shotflow knows, in a stable order. */
  public static List<String> providers() {
    return Table.TABLE.providers();
  }

  public static boolean isKnown(String provider) {
    return providers().contains(provider);
  }

  public static Optional<Capabilities> find(String provider, String model, String tier) {
    return Optional.ofNullable(Table.VIDEO.get(provider + "|" + model + "|" + tier));
  }

  /** The model families a provider generates video with (empty for a lip-sync-only provider), in file order. */
  public static List<String> models(String provider) {
    List<String> models = new ArrayList<>();
    for (Capabilities c : Table.TABLE.video()) {
      if (c.provider().equals(provider) && !models.contains(c.model())) {
        models.add(c.model());
      }
    }
    return models;
  }

  public static boolean supportsLipSync(String provider) {
    return lipSync(provider).isPresent();
  }

  public static Optional<LipSyncCapabilities> lipSync(String provider) {
    return Table.TABLE.lipSync().stream().filter(l -> l.provider().equals(provider)).findFirst();
  }

  /**
   * Whether {@code provider} bills a keyframe per started megapixel of the image (fal's flux/dev, §2.5), so its
   * {@code keyframe} price is that of one megapixel ({@code keyframe_billing} in the models file). The others price one
   * image whatever its size.
   */
  public static boolean billsKeyframesPerMegapixel(String provider) {
    return Table.TABLE.keyframesPerMegapixel().contains(provider);
  }

  /**
   * The estimated price of one call: a keyframe image, a clip or extend step of {@code seconds}, or a lip-sync
   * of {@code seconds} of video. {@code model} and {@code tier} are ignored for lip-sync.
   */
  public static BigDecimal price(GenerationKind kind, String provider, String model, String tier, int seconds) {
    return ProviderCapabilities.catalog().price(kind, provider, model, tier, seconds);
  }
}
