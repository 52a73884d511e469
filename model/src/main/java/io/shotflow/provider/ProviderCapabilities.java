package io.shotflow.provider;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a set of providers declares: their video capabilities and lip-sync steps, as {@link ProviderCatalog} lists
 * them. A storyboard snapshots the capabilities of the providers it may call (its provider, fallbacks and lip-sync
 * providers) in its models (its own and its shots') and tier at submission, as it does the {@link RateCard}, and its workflows decide from that
 * snapshot only: an edit of the catalog never changes what a running workflow does, on replay or otherwise.
 */
public record ProviderCapabilities(List<Capabilities> video, List<LipSyncCapabilities> lipSync) {

  public ProviderCapabilities {
    video = List.copyOf(video);
    lipSync = List.copyOf(lipSync);
  }

  /** The catalog's declarations of {@code providers} in {@code model} and {@code tier}, and their lip-sync steps. */
  public static ProviderCapabilities snapshot(Collection<String> providers, String model, String tier) {
    return snapshot(providers, List.of(model), tier);
  }

  /**
   * The catalog's declarations of {@code providers} in each of {@code models} (a storyboard's own and its shots') and
   * {@code tier}, and their lip-sync steps.
   */
  public static ProviderCapabilities snapshot(Collection<String> providers, Collection<String> models, String tier) {
    return new ProviderCapabilities(
        providers.stream().distinct().flatMap(p -> models.stream().distinct()
            .map(m -> ProviderCatalog.find(p, m, tier)).flatMap(Optional::stream)).toList(),
        providers.stream().distinct().map(ProviderCatalog::lipSync).flatMap(Optional::stream).toList());
  }

  /** Every provider's declarations in every model and tier: the catalog as it is now. */
  public static ProviderCapabilities catalog() {
    return Catalog.ALL;
  }

  public Optional<Capabilities> find(String provider, String model, String tier) {
    return video.stream()
        .filter(c -> c.provider().equals(provider) && c.model().equals(model) && c.tier().equals(tier))
        .findFirst();
  }

  public Optional<LipSyncCapabilities> lipSync(String provider) {
    return lipSync.stream().filter(l -> l.provider().equals(provider)).findFirst();
  }

  /**
   * True when {@code provider} declares what {@code request} needs, so it can stand in for the request's own provider:
   * a keyframe needs keyframes in the model and tier; a clip or extend step needs image-to-video in the model and tier,
   * the duration, an end frame when the request has one, as many reference images as it carries and native audio when
   * it asks for sound (a native extend has no stand-in); a lip-sync needs the
   * video length within its limits, the audio's format or text-driven lip-sync for a line of text, and audio limits
   * at least as wide as those the dialogue was validated against (the request's own provider's), since the workflow
   * does not know the audio's length or size.
   */
  public boolean canServe(String provider, GenerationRequest request) {
    if (request.kind() == GenerationKind.LIP_SYNC) {
      Optional<LipSyncCapabilities> own = lipSync(request.provider());
      return lipSync(provider).filter(l -> request.durationSeconds() >= l.videoMinSeconds()
              && request.durationSeconds() <= l.videoMaxSeconds())
          .filter(l -> request.audio() == null || l.audioFormats().contains(extension(request.audio().id())))
          .filter(l -> request.speech() == null || l.fromText())
          .filter(l -> own.isEmpty() || (l.audioMinSeconds() <= own.get().audioMinSeconds()
              && l.audioMaxSeconds() >= own.get().audioMaxSeconds() && l.audioMaxBytes() >= own.get().audioMaxBytes()))
          .isPresent();
    }
    Optional<Capabilities> caps = find(provider, request.model(), request.tier());
    if (request.kind() == GenerationKind.KEYFRAME) {
      return caps.map(Capabilities::keyframes).orElse(false);
    }
    if (request.sourceVideoId() != null) {
      // a native extend continues a video only its own provider holds
      return false;
    }
    return caps.filter(Capabilities::imageToVideo)
        .filter(c -> c.supportsDuration(request.durationSeconds()))
        .filter(c -> request.endFrame() == null || c.endFrame())
        .filter(c -> request.references().size() <= c.referenceImages())
        .filter(c -> !request.nativeAudio() || c.nativeAudio())
        .isPresent();
  }

  /**
   * The declared price of one call: a keyframe image, a clip or extend step of {@code seconds}, or a lip-sync of
   * {@code seconds} of video. {@code model} and {@code tier} are ignored for lip-sync.
   */
  public BigDecimal price(GenerationKind kind, String provider, String model, String tier, int seconds) {
    if (kind == GenerationKind.LIP_SYNC) {
      return lipSyncOf(provider).price(seconds);
    }
    Capabilities c = find(provider, model, tier).orElseThrow(() -> new IllegalArgumentException(
        "provider " + provider + " does not offer model " + model + " in tier " + tier));
    return switch (kind) {
      case KEYFRAME -> c.keyframePrice();
      case CLIP -> c.clipPrice(seconds);
      case EXTEND -> c.extendPrice(seconds);
      case LIP_SYNC -> throw new IllegalStateException("handled above");
    };
  }

  /** The provider's lip-sync step; throws {@link IllegalArgumentException} when it has none. */
  LipSyncCapabilities lipSyncOf(String provider) {
    return lipSync(provider)
        .orElseThrow(() -> new IllegalArgumentException("provider " + provider + " has no lip-sync"));
  }

  private static String extension(String assetId) {
    int dot = assetId.lastIndexOf('.');
    return dot < 0 ? "" : assetId.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** Built on first use, once the catalog's table is. */
  private static final class Catalog {
    static final ProviderCapabilities ALL =
        new ProviderCapabilities(ProviderCatalog.table().video(), ProviderCatalog.table().lipSync());
  }
}
