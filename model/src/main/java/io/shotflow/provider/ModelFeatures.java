package io.shotflow.provider;

/**
 * What a provider's model and tier takes beyond frames: how many reference images condition a clip (Kling's
 * "elements", reference-to-video, multi-image), and whether it makes its own sound. Spec validation reads it to refuse
 * characters and {@code audio: native} where the model cannot honour them.
 *
 * <p>Today's table: the {@code local} animatic takes up to {@value #MAX_REFERENCES} references and makes a synthetic
 * voice track in every model, so every feature runs offline; Kling 2.1 and 1.6, wherever hosted, take neither (their
 * image-to-video requests have no reference or audio field, docs/providers.md §1.6). The newer Kling models
 * (2.6 native audio, O1 and 3.0 references) come from the per-model data of the models work.
 */
public final class ModelFeatures {

  /** The most references a character may have, and the most any model takes for one clip. */
  public static final int MAX_REFERENCES = 4;

  private ModelFeatures() {}

  /** The number of reference images a clip of {@code model} in {@code tier} on {@code provider} takes; 0: none. */
  public static int references(String provider, String model, String tier) {
    return ProviderCatalog.LOCAL.equals(provider) ? MAX_REFERENCES : 0;
  }

  /** Whether {@code model} in {@code tier} on {@code provider} generates the clip's sound (and speaks a line). */
  public static boolean nativeAudio(String provider, String model, String tier) {
    return ProviderCatalog.LOCAL.equals(provider);
  }
}
