package io.shotflow.provider;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The prices Shotflow estimates and budgets with, in USD, keyed {@code <provider>.<key>} as configured under
 * {@code shotflow.rate-card.<provider>.<key>}:
 * <ul>
 *   <li>{@code keyframe}: one keyframe image, or for a provider that bills keyframes per started megapixel (fal's
 *       flux/dev, {@link ProviderCatalog#billsKeyframesPerMegapixel}) one megapixel of it;</li>
 *   <li>{@code clip-<tier>-<n>s} and {@code extend-<tier>-<n>s}: one image-to-video clip or extend step of n seconds
 *       of the Kling 2.1 family in that tier ({@code standard}, {@code pro}, {@code master}), for each length its price
 *       table has; {@code clip-<tier>-per-second} (and {@code extend-}, {@code audio-}, {@code voice-}) for a model
 *       priced per second; the same keys prefixed with another family's version for that family
 *       ({@code v1-6-extend-pro-5s}: one Kling 1.6 native extension; {@code v3-audio-pro-per-second}: Kling 3.0 pro
 *       with native audio);</li>
 *   <li>{@code lip-sync-unit}: one started unit of lip-synced video (5 s on the Kling lip-sync hosts, 1 s on Sync).</li>
 * </ul>
 * Defaults are the {@link ProviderCatalog} prices (docs/providers.md §8). A storyboard snapshots the card at submission
 * (in its workflow input), with its {@link ProviderCapabilities}, so a running workflow's estimates and charges never
 * change under it; a price missing from a snapshot falls back to the snapshot's declared price.
 *
 * <p>{@link #price(GenerationRequest, ProviderCapabilities)} is the one pricing function of a request: the workflow
 * reserves it before a take is submitted, and the adapters report a finished job's cost through
 * {@link #charge(GenerationRequest, Billing, ProviderCapabilities)}, the same function applied to what the provider
 * says it billed. A job billed as asked costs exactly what was reserved.
 */
public record RateCard(Map<String, BigDecimal> prices) {

  public static final String KEYFRAME = "keyframe";
  public static final String LIP_SYNC_UNIT = "lip-sync-unit";
  private static final String CLIP = "clip";
  private static final String EXTEND = "extend";
  private static final String AUDIO = "audio";
  private static final String VOICE = "voice";

  public RateCard {
    prices = Collections.unmodifiableMap(new TreeMap<>(prices));
  }

  /** The catalog's prices for every provider. */
  public static RateCard defaults() {
    Map<String, BigDecimal> prices = new TreeMap<>();
    for (String provider : ProviderCatalog.providers()) {
      defaultPrices(provider).forEach((key, price) -> prices.put(provider + "." + key, price));
    }
    return new RateCard(prices);
  }

  /** The keys a provider's prices go under (none of a kind it does not offer). */
  public static List<String> keys(String provider) {
    return new ArrayList<>(defaultPrices(provider).keySet());
  }

  /** The catalog's price under each of a provider's keys, in a stable order. */
  private static Map<String, BigDecimal> defaultPrices(String provider) {
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    List<Capabilities> entries = ProviderCatalog.table().video().stream()
        .filter(c -> c.provider().equals(provider)).toList();
    if (!entries.isEmpty()) {
      prices.put(KEYFRAME, entries.get(0).keyframePrice());
      for (Capabilities c : entries) {
        putRates(prices, c.model(), c.tier(), c.prices().clip(), c.prices().extend(), c.prices().audio(),
            c.prices().voice());
      }
    }
    ProviderCatalog.lipSync(provider).ifPresent(l -> prices.put(LIP_SYNC_UNIT, l.pricePerUnit()));
    return prices;
  }

  /** The keys of one model and tier's rates ({@code clip}, {@code extend}, {@code audio}, {@code voice}; null: none). */
  private static void putRates(Map<String, BigDecimal> into, String model, String tier, Rate clip, Rate extend,
      Rate audio, Rate voice) {
    putRate(into, CLIP, model, tier, clip);
    putRate(into, EXTEND, model, tier, extend);
    putRate(into, AUDIO, model, tier, audio);
    putRate(into, VOICE, model, tier, voice);
  }

  private static void putRate(Map<String, BigDecimal> into, String kind, String model, String tier, Rate rate) {
    if (rate == null) {
      return;
    }
    if (rate.perSecond() != null) {
      into.put(rateKey(kind, model, tier, null), rate.perSecond());
    } else {
      rate.perClip().forEach((seconds, price) -> into.put(rateKey(kind, model, tier, seconds), price));
    }
  }

  /**
   * The key of a rate: {@code <kind>-<tier>-<seconds>s} for a price per clip, {@code <kind>-<tier>-per-second} for a
   * price per second (null {@code seconds}), prefixed with the model's version except for Kling 2.1.
   */
  public static String rateKey(String kind, String model, String tier, Integer seconds) {
    return modelPrefix(model) + kind + "-" + tier + "-" + (seconds == null ? "per-second" : seconds + "s");
  }

  public static String clipKey(String tier, int seconds) {
    return rateKey(CLIP, null, tier, seconds);
  }

  public static String extendKey(String tier, int seconds) {
    return rateKey(EXTEND, null, tier, seconds);
  }

  /**
   * The key of a clip of {@code model}: {@link #clipKey(String, int)} for Kling 2.1 (and a null model), prefixed with the family otherwise ({@code v1-6-clip-pro-5s}).
   */
  public static String clipKey(String model, String tier, int seconds) {
    return modelPrefix(model) + clipKey(tier, seconds);
  }

  public static String extendKey(String model, String tier, int seconds) {
    return modelPrefix(model) + extendKey(tier, seconds);
  }

  private static String modelPrefix(String model) {
    if (model == null || model.equals(ProviderCatalog.KLING_V2_1)) {
      return "";
    }
    return model.replaceFirst("^kling-", "").replace('.', '-') + "-";
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
   * video. {@code model} and {@code tier} are ignored for keyframes and lip-sync. A price the card lacks, and the
   * lip-sync step's billing unit, come from the catalog.
   */
  public BigDecimal price(GenerationKind kind, String provider, String model, String tier, int seconds) {
    return price(kind, provider, model, tier, seconds, ProviderCapabilities.catalog());
  }

  /**
   * {@link #price(GenerationKind, String, String, String, int)} with what {@code declared} says in the catalog's place:
   * what a workflow charges with, from its storyboard's snapshot.
   */
  public BigDecimal price(GenerationKind kind, String provider, String model, String tier, int seconds,
      ProviderCapabilities declared) {
    return price(kind, provider, model, tier, seconds, declared, Sound.SILENT);
  }

  /** What a clip or extend step asks its model for: silence, native audio, or native audio in a chosen voice. */
  public enum Sound {
    SILENT,
    AUDIO,
    VOICE;

    /**
     * The sound {@code request} asks for: voice when it speaks in a named voice on a model with voice control, audio
     * when it asks for native audio, else silent.
     */
    public static Sound of(GenerationRequest request, ProviderCapabilities declared) {
      if (!request.nativeAudio()) {
        return SILENT;
      }
      boolean voiced = request.speech() != null && request.speech().voiceId() != null
          && declared.find(request.provider(), request.model(), request.tier()).map(Capabilities::voiceControl)
              .orElse(false);
      return voiced ? VOICE : AUDIO;
    }
  }

  /**
   * {@link #price(GenerationKind, String, String, String, int, ProviderCapabilities)} of a clip or extend step that
   * asks for {@code sound}: priced at the model's audio (or voice-control) rate instead of its silent one.
   */
  public BigDecimal price(GenerationKind kind, String provider, String model, String tier, int seconds,
      ProviderCapabilities declared, Sound sound) {
    if (sound != Sound.SILENT && (kind == GenerationKind.CLIP || kind == GenerationKind.EXTEND)) {
      return rated(sound == Sound.VOICE ? VOICE : AUDIO, provider, model, tier, seconds, declared);
    }
    return switch (kind) {
      case KEYFRAME -> lookup(provider, KEYFRAME, () -> declared.price(kind, provider, model, tier, seconds));
      case CLIP -> rated(CLIP, provider, model, tier, seconds, declared);
      case EXTEND -> rated(EXTEND, provider, model, tier, seconds, declared);
      case LIP_SYNC -> {
        LipSyncCapabilities lipSync = declared.lipSyncOf(provider);
        BigDecimal unit = lookup(provider, LIP_SYNC_UNIT, lipSync::pricePerUnit);
        yield unit.multiply(BigDecimal.valueOf(lipSync.units(seconds)));
      }
    };
  }

  /**
   * A clip or extend step's price: the card's price of a clip of that length, or its price per second × seconds, as
   * the declared rate of the model and tier is priced; the declared price where the card has none.
   */
  private BigDecimal rated(String kind, String provider, String model, String tier, int seconds,
      ProviderCapabilities declared) {
    Optional<Capabilities> caps = declared.find(provider, model, tier);
    Rate rate = caps.map(c -> declaredRate(c, kind)).orElse(null);
    if (rate == null || rate.perSecond() == null) {
      BigDecimal perClip = prices.get(provider + "." + rateKey(kind, model, tier, seconds));
      if (perClip != null) {
        return perClip;
      }
    }
    if (rate == null || rate.perSecond() != null) {
      BigDecimal perSecond = prices.get(provider + "." + rateKey(kind, model, tier, null));
      if (perSecond != null) {
        return perSecond.multiply(BigDecimal.valueOf(seconds));
      }
    }
    if (caps.isEmpty()) {
      throw new IllegalArgumentException("provider " + provider + " does not offer model " + model + " in tier " + tier);
    }
    if (CLIP.equals(kind) || EXTEND.equals(kind)) {
      return CLIP.equals(kind) ? caps.get().clipPrice(seconds) : caps.get().extendPrice(seconds);
    }
    if (rate == null) {
      throw new IllegalArgumentException(provider + " " + model + " " + tier + " has no " + kind + " price");
    }
    return rate.of(seconds);
  }

  private static Rate declaredRate(Capabilities c, String kind) {
    return switch (kind) {
      case CLIP -> c.prices().clip();
      case EXTEND -> c.prices().extend();
      case AUDIO -> c.prices().audio();
      case VOICE -> c.prices().voice();
      default -> throw new IllegalArgumentException("no rate kind " + kind);
    };
  }

  /** {@link #price(GenerationRequest, ProviderCapabilities)} with the catalog's declarations. */
  public BigDecimal price(GenerationRequest request) {
    return price(request, ProviderCapabilities.catalog());
  }

  /**
   * What {@code request} costs when its provider bills it as asked: the price of one call of its kind, model, tier and
   * duration, per started megapixel of its width × height for a keyframe of a provider that bills keyframes so, per
   * started unit of its duration for a lip-sync. What the workflow reserves for a take.
   */
  public BigDecimal price(GenerationRequest request, ProviderCapabilities declared) {
    return charge(request, Billing.AS_REQUESTED, declared);
  }

  /** {@link #charge(GenerationRequest, Billing, ProviderCapabilities)} with the catalog's declarations. */
  public BigDecimal charge(GenerationRequest request, Billing billing) {
    return charge(request, billing, ProviderCapabilities.catalog());
  }

  /**
   * What a finished job of {@code request} cost, from what its provider says it billed: the request's price
   * ({@link #price(GenerationRequest, ProviderCapabilities)}) for output seconds in place of the requested duration,
   * or scaled by the units deducted over the units the request declares ({@link KlingUnits}). What adapters report as
   * a job's cost; equal to the price when the provider billed what was asked.
   */
  public BigDecimal charge(GenerationRequest request, Billing billing, ProviderCapabilities declared) {
    int seconds = billing instanceof Billing.OutputSeconds output
        ? Math.max(0, (int) Math.ceil(output.seconds() - 1e-6)) : request.durationSeconds();
    BigDecimal price = price(request.kind(), request.provider(), request.model(), request.tier(), seconds, declared,
        Sound.of(request, declared));
    if (request.kind() == GenerationKind.KEYFRAME) {
      price = price.multiply(BigDecimal.valueOf(keyframeUnits(request.provider(), request.width(), request.height())));
    }
    if (billing instanceof Billing.Units units) {
      BigDecimal declaredUnits = KlingUnits.of(request.kind(), request.model(), request.tier(), seconds,
          Sound.of(request, declared));
      return price.multiply(units.deducted()).divide(declaredUnits, MathContext.DECIMAL64);
    }
    return price;
  }

  /**
   * The price of one keyframe of {@code width} × {@code height}: the card's keyframe price, per started megapixel for a
   * provider that bills keyframes so. What the cost estimate counts for a keyframe.
   */
  public BigDecimal keyframePrice(String provider, String model, String tier, int width, int height,
      ProviderCapabilities declared) {
    return price(GenerationKind.KEYFRAME, provider, model, tier, 0, declared)
        .multiply(BigDecimal.valueOf(keyframeUnits(provider, width, height)));
  }

  /** How many keyframe prices one image costs: its started megapixels (at least one) where billed so, else one. */
  public static long keyframeUnits(String provider, int width, int height) {
    if (!ProviderCatalog.billsKeyframesPerMegapixel(provider)) {
      return 1;
    }
    return Math.max(1, (long) Math.ceil(width * (double) height / 1_000_000));
  }

  /**
   * This card with every Kling price set to its declared units ({@link KlingUnits}) at {@code videoUnitUsd} (clips,
   * extensions, lip-sync) and {@code imageUnitUsd} (keyframes): what the configured unit prices of the account's packs
   * make the price list. A price the unit prices leave as it is keeps its written form.
   */
  public RateCard withKlingUnitPrices(BigDecimal videoUnitUsd, BigDecimal imageUnitUsd) {
    Map<String, BigDecimal> units = new LinkedHashMap<>();
    units.put(KEYFRAME, KlingUnits.IMAGE_UNITS.multiply(imageUnitUsd));
    units.put(LIP_SYNC_UNIT, KlingUnits.LIP_SYNC_UNITS_PER_5S.multiply(videoUnitUsd));
    String kling = ProviderCatalog.KLING;
    for (Capabilities c : ProviderCatalog.table().video()) {
      Capabilities.Units declared = c.units();
      if (c.provider().equals(kling) && declared != null) {
        putRates(units, c.model(), c.tier(), declared.clip().times(videoUnitUsd),
            declared.extend().times(videoUnitUsd), declared.audio() == null ? null : declared.audio().times(videoUnitUsd),
            declared.voice() == null ? null : declared.voice().times(videoUnitUsd));
      }
    }
    RateCard card = this;
    for (Map.Entry<String, BigDecimal> price : units.entrySet()) {
      BigDecimal current = prices.get(kling + "." + price.getKey());
      if (current == null || current.compareTo(price.getValue()) != 0) {
        card = card.with(kling, price.getKey(), price.getValue());
      }
    }
    return card;
  }

  /** True when any call to this provider has a price: a storyboard using it needs a budget. */
  public boolean isPaid(String provider) {
    return defaultPrices(provider).entrySet().stream()
        .anyMatch(e -> lookup(provider, e.getKey(), e::getValue).signum() > 0);
  }

  private BigDecimal lookup(String provider, String key, Supplier<BigDecimal> fallback) {
    BigDecimal price = prices.get(provider + "." + key);
    return price != null ? price : fallback.get();
  }
}
