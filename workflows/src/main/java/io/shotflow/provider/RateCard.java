package io.shotflow.provider;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The prices Shotflow estimates and budgets with, in USD, keyed {@code <provider>.<key>} as configured under
 * {@code shotflow.rate-card.<provider>.<key>}:
 * <ul>
 *   <li>{@code keyframe}: one keyframe image (fal bills flux/dev per started megapixel: this is the price of one);</li>
 *   <li>{@code clip-<tier>-<5|10>s} and {@code extend-<tier>-<5|10>s}: one image-to-video clip or extend step of the
 *       Kling 2.1 family in that tier ({@code standard}, {@code pro}, {@code master});</li>
 *   <li>{@code lip-sync-unit}: one started unit of lip-synced video (5 s on the Kling lip-sync hosts, 1 s on Sync).</li>
 * </ul>
 * Defaults are the {@link ProviderCatalog} prices (providers.md §8). A storyboard snapshots the card at submission
 * (in its workflow input), so a running workflow's estimates and charges never change under it; a price missing from
 * a snapshot, or a workflow started before snapshots existed (null card), falls back to the catalog.
 */
public record RateCard(Map<String, BigDecimal> prices) {

  public static final String KEYFRAME = "keyframe";
  public static final String LIP_SYNC_UNIT = "lip-sync-unit";
  private static final int[] DURATIONS = {5, 10};

  public RateCard {
    prices = Collections.unmodifiableMap(new TreeMap<>(prices));
  }

  /** The catalog's prices for every provider. */
  public static RateCard defaults() {
    Map<String, BigDecimal> prices = new TreeMap<>();
    for (String provider : ProviderCatalog.providers()) {
      for (String key : keys(provider)) {
        prices.put(provider + "." + key, defaultPrice(provider, key));
      }
    }
    return new RateCard(prices);
  }

  /** The keys a provider's prices go under (none of a kind it does not offer). */
  public static List<String> keys(String provider) {
    List<String> keys = new ArrayList<>();
    if (!ProviderCatalog.models(provider).isEmpty()) {
      keys.add(KEYFRAME);
      for (String tier : ProviderCatalog.TIERS) {
        if (ProviderCatalog.find(provider, ProviderCatalog.KLING_V2_1, tier).isPresent()) {
          for (int seconds : DURATIONS) {
            keys.add(clipKey(tier, seconds));
            keys.add(extendKey(tier, seconds));
          }
        }
      }
    }
    if (ProviderCatalog.supportsLipSync(provider)) {
      keys.add(LIP_SYNC_UNIT);
    }
    return keys;
  }

  public static String clipKey(String tier, int seconds) {
    return "clip-" + tier + "-" + seconds + "s";
  }

  public static String extendKey(String tier, int seconds) {
    return "extend-" + tier + "-" + seconds + "s";
  }

  /** This card with {@code price} for {@code provider.key}; throws naming the key when it is not one of the provider's. */
  public RateCard with(String provider, String key, BigDecimal price) {
    if (!ProviderCatalog.isKnown(provider)) {
      throw new IllegalArgumentException("unknown provider '" + provider + "' (known: "
          + String.join(", ", ProviderCatalog.providers()) + ")");
    }
    if (!keys(provider).contains(key)) {
      throw new IllegalArgumentException(provider + " has no price '" + key + "' (its keys: "
          + String.join(", ", keys(provider)) + ")");
    }
    if (price == null || price.signum() < 0) {
      throw new IllegalArgumentException(provider + "." + key + " must be a price of 0 or more");
    }
    Map<String, BigDecimal> copy = new TreeMap<>(prices);
    copy.put(provider + "." + key, price);
    return new RateCard(copy);
  }

  /** Only the prices of {@code providers}: what a storyboard snapshots. */
  public RateCard forProviders(Collection<String> providers) {
    Map<String, BigDecimal> subset = new TreeMap<>();
    prices.forEach((key, price) -> {
      if (providers.contains(key.substring(0, key.indexOf('.')))) {
        subset.put(key, price);
      }
    });
    return new RateCard(subset);
  }

  /**
   * The price of one call: a keyframe, a clip or extend step of {@code seconds}, or the lip-sync of {@code seconds} of
   * video. {@code model} is the Kling 2.1 family (the only one); {@code tier} is ignored for keyframes and lip-sync.
   */
  public BigDecimal price(GenerationKind kind, String provider, String model, String tier, int seconds) {
    return switch (kind) {
      case KEYFRAME -> lookup(provider, KEYFRAME, () -> ProviderCatalog.price(kind, provider, model, tier, seconds));
      case CLIP -> lookup(provider, clipKey(tier, seconds), () -> ProviderCatalog.price(kind, provider, model, tier, seconds));
      case EXTEND -> lookup(provider, extendKey(tier, seconds),
          () -> ProviderCatalog.price(kind, provider, model, tier, seconds));
      case LIP_SYNC -> {
        LipSyncCapabilities lipSync = ProviderCatalog.lipSync(provider)
            .orElseThrow(() -> new IllegalArgumentException("provider " + provider + " has no lip-sync"));
        BigDecimal unit = lookup(provider, LIP_SYNC_UNIT, lipSync::pricePerUnit);
        yield unit.multiply(BigDecimal.valueOf(lipSync.units(seconds)));
      }
    };
  }

  /** True when any call to this provider has a price: a storyboard using it needs a budget. */
  public boolean isPaid(String provider) {
    return keys(provider).stream().anyMatch(key -> lookup(provider, key, () -> defaultPrice(provider, key)).signum() > 0);
  }

  private BigDecimal lookup(String provider, String key, Supplier<BigDecimal> fallback) {
    BigDecimal price = prices.get(provider + "." + key);
    return price != null ? price : fallback.get();
  }

  private static BigDecimal defaultPrice(String provider, String key) {
    if (key.equals(LIP_SYNC_UNIT)) {
      return ProviderCatalog.lipSync(provider).orElseThrow().pricePerUnit();
    }
    if (key.equals(KEYFRAME)) {
      return firstTier(provider).keyframePrice();
    }
    String[] parts = key.split("-");
    Capabilities caps = Capabilities.of(provider, ProviderCatalog.KLING_V2_1, parts[1]);
    int seconds = Integer.parseInt(parts[2].substring(0, parts[2].length() - 1));
    return parts[0].equals("clip") ? caps.clipPrice(seconds) : caps.extendPrice(seconds);
  }

  private static Capabilities firstTier(String provider) {
    return ProviderCatalog.TIERS.stream()
        .map(tier -> ProviderCatalog.find(provider, ProviderCatalog.KLING_V2_1, tier))
        .flatMap(Optional::stream)
        .findFirst().orElseThrow();
  }
}
