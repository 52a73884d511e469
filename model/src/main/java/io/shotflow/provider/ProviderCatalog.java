package io.shotflow.provider;

import io.shotflow.provider.Capabilities.ImageLimits;
import io.shotflow.provider.Capabilities.Prices;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The declared capabilities of every provider, per model family and tier, and their lip-sync steps.
 * Numbers follow docs/providers.md (§1.6, §1.12, §2.5, §3.5, §8); where a provider publishes no
 * price the entry says which estimate it uses. Prices are defaults of a rate card, not what a provider bills:
 * takes record the actual cost the adapter reports.
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
  public static final List<String> TIERS = List.of("standard", "pro", "master");

  private static final Set<Integer> FIVE_OR_TEN = Set.of(5, 10);
  private static final ImageLimits KLING_IMAGES =
      new ImageLimits(300, 10L * 1024 * 1024, 1 / 2.5, 2.5, Set.of("jpg", "jpeg", "png"));
  private static final Set<String> AUDIO_FORMATS = Set.of("wav", "mp3", "m4a", "aac");
  /**
   * Kling's limit on prompt and negative_prompt, 2,500 characters each, for its images and videos (docs/providers.md
   * §1.5, §1.6; fal §2.2 and WaveSpeed §3.2 publish the same; Replicate publishes none and runs the same model). The
   * local animatic keeps it, so a spec tried locally also fits Kling.
   */
  private static final int KLING_PROMPT_CHARS = 2500;

  private static final List<String> PROVIDERS = List.of(LOCAL, KLING, FAL, WAVESPEED, REPLICATE, SYNC);
  private static final Map<String, Capabilities> VIDEO = new LinkedHashMap<>();
  private static final Map<String, LipSyncCapabilities> LIP_SYNC = new LinkedHashMap<>();

  static {
    // local: the offline animatic renderer does everything, free, in every tier; it extends from the last frame.
    Prices free = new Prices(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    for (String tier : TIERS) {
      video(new Capabilities(LOCAL, KLING_V2_1, tier, true, true, true, false, FIVE_OR_TEN,
          "pro".equals(tier) || "master".equals(tier) ? "1080p" : "720p", KLING_IMAGES, free, KLING_PROMPT_CHARS));
    }
    LIP_SYNC.put(LOCAL, new LipSyncCapabilities(LOCAL, "local-lipsync", 2, 60, 50L * 1024 * 1024, 2, 60,
        AUDIO_FORMATS, BigDecimal.ZERO, 1, true));

    // Kling 2.1 (§1.6): end frame (image_tail) only in pro; master takes none; std 720p, pro/master 1080p.
    // No native extend for 2.x (§1.7): an extend step is a new image-to-video job from the last frame, so it
    // costs what a clip of the same length costs.
    // kling official (§1.12, $0.14 per unit): std 2/4 units, pro 3.5/7, master 10/20; t2i ≈ $0.014 per image.
    kling21(KLING, "0.014", clips("0.28", "0.56"), clips("0.49", "0.98"), clips("1.40", "2.80"));
    // fal (§2.5): the same list prices; keyframes via flux/dev at $0.025 per megapixel (a 720p frame is one).
    kling21(FAL, "0.025", clips("0.28", "0.56"), clips("0.49", "0.98"), clips("1.40", "2.80"));
    // wavespeed (§3.5): pro $0.45/$0.90, master $1.30/$2.60; standard is not published: the reference's
    // estimate of $0.25/$0.50. Keyframe (flux-dev) price not published: fal's $0.025 as the estimate.
    kling21(WAVESPEED, "0.025", clips("0.25", "0.50"), clips("0.45", "0.90"), clips("1.30", "2.60"));
    // replicate (§4.2, §8): no published Kling prices. Estimates: std ~$0.05/s and pro ~$0.09/s from the
    // reference, master at Kling's official $1.40/$2.80; keyframes (flux-dev) at fal's $0.025.
    kling21(REPLICATE, "0.025", clips("0.25", "0.50"), clips("0.45", "0.90"), clips("1.40", "2.80"));
    // Kling 1.6 on the official API (§1.6, §1.7, §1.12): std and pro, end frame in pro, native video-extend. Each
    // extension adds about 5 s whatever the clip's length and costs std 2 / pro 3.5 units. The reference lists no
    // v1.6 image-to-video price: v2.1's units (std 2/4, pro 3.5/7) are the estimate. Keyframes use v2.1's image model.
    for (String tier : List.of("standard", "pro")) {
      boolean pro = "pro".equals(tier);
      BigDecimal five = new BigDecimal(pro ? "0.49" : "0.28");
      BigDecimal ten = new BigDecimal(pro ? "0.98" : "0.56");
      video(new Capabilities(KLING, KLING_V1_6, tier, true, true, pro, true, FIVE_OR_TEN, pro ? "1080p" : "720p",
          KLING_IMAGES, new Prices(new BigDecimal("0.014"), five, ten, five, five), KLING_PROMPT_CHARS));
    }

    // Kling lip-sync wherever it is hosted (§1.8, §2.2, §3.2, §4.2): video 2–10 s, audio 2–60 s, ≤ 5 MB;
    // $0.07 per started 5 s (0.5 units on Kling, $0.014/s in 5 s steps on fal). WaveSpeed and Replicate
    // publish no lip-sync price: the same $0.07 per 5 s is the estimate, for text2video too (billed by video length).
    // Text2video: Kling's input.mode, fal's lipsync/text-to-video, Replicate's text + voice_id, WaveSpeed's
    // kling-lipsync/text-to-video (seen only on a mirror of its catalog, §3.2).
    for (String provider : List.of(KLING, FAL, WAVESPEED, REPLICATE)) {
      LIP_SYNC.put(provider, new LipSyncCapabilities(provider, "kling-lipsync", 2, 60, 5L * 1024 * 1024, 2, 10,
          AUDIO_FORMATS, new BigDecimal("0.07"), 5, true));
    }
    // sync.so lipsync-2 (§5.1): $0.04–0.05 per output second; the upper bound is the estimate. Its input
    // limits are not in the reference: the spec's dialogue range (2–60 s) and 20 MB are assumed.
    LIP_SYNC.put(SYNC, new LipSyncCapabilities(SYNC, "lipsync-2", 2, 60, 20L * 1024 * 1024, 2, 60,
        AUDIO_FORMATS, new BigDecimal("0.05"), 1, false));
  }

  private ProviderCatalog() {}

  /** USD for a 5 s and a 10 s clip of one tier. */
  private record ClipPrices(String fiveSeconds, String tenSeconds) {}

  private static ClipPrices clips(String fiveSeconds, String tenSeconds) {
    return new ClipPrices(fiveSeconds, tenSeconds);
  }

  /** One Kling 2.1 family entry per tier; extend steps are priced as clips (see the Kling 2.1 note above). */
  private static void kling21(String provider, String keyframe, ClipPrices standard, ClipPrices pro, ClipPrices master) {
    Map<String, ClipPrices> byTier = Map.of("standard", standard, "pro", pro, "master", master);
    for (String tier : TIERS) {
      BigDecimal five = new BigDecimal(byTier.get(tier).fiveSeconds());
      BigDecimal ten = new BigDecimal(byTier.get(tier).tenSeconds());
      video(new Capabilities(provider, KLING_V2_1, tier, true, true, "pro".equals(tier), false, FIVE_OR_TEN,
          "standard".equals(tier) ? "720p" : "1080p", KLING_IMAGES,
          new Prices(new BigDecimal(keyframe), five, ten, five, ten), KLING_PROMPT_CHARS));
    }
  }

  private static void video(Capabilities c) {
    VIDEO.put(key(c.provider(), c.model(), c.tier()), c);
  }

  private static String key(String provider, String model, String tier) {
    return provider + "|" + model + "|" + tier;
  }

  /** Every provider name Shotflow knows, in a stable order. */
  public static List<String> providers() {
    return PROVIDERS;
  }

  public static boolean isKnown(String provider) {
    return PROVIDERS.contains(provider);
  }

  public static Optional<Capabilities> find(String provider, String model, String tier) {
    return Optional.ofNullable(VIDEO.get(key(provider, model, tier)));
  }

  /** The model families a provider generates video with (empty for a lip-sync-only provider). */
  public static List<String> models(String provider) {
    List<String> models = new ArrayList<>();
    for (Capabilities c : VIDEO.values()) {
      if (c.provider().equals(provider) && !models.contains(c.model())) {
        models.add(c.model());
      }
    }
    return models;
  }

  public static boolean supportsLipSync(String provider) {
    return LIP_SYNC.containsKey(provider);
  }

  public static Optional<LipSyncCapabilities> lipSync(String provider) {
    return Optional.ofNullable(LIP_SYNC.get(provider));
  }

  /**
   * Whether {@code provider} bills a keyframe per started megapixel of the image (fal's flux/dev, §2.5), so its
   * {@code keyframe} price is that of one megapixel. The others price one image whatever its size (Kling's image pack,
   * §1.12; WaveSpeed's and Replicate's flux-dev prices are not published: one image at fal's one-megapixel price is
   * the estimate, as their adapters charge it).
   */
  public static boolean billsKeyframesPerMegapixel(String provider) {
    return FAL.equals(provider);
  }

  /**
   * The estimated price of one call: a keyframe image, a clip or extend step of {@code seconds}, or a lip-sync
   * of {@code seconds} of video. {@code model} and {@code tier} are ignored for lip-sync.
   */
  public static BigDecimal price(GenerationKind kind, String provider, String model, String tier, int seconds) {
    return ProviderCapabilities.catalog().price(kind, provider, model, tier, seconds);
  }
}
