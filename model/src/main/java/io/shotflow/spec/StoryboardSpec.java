package io.shotflow.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;
import java.util.List;

/** Storyboard spec v1 (docs/spec.md). Defaults are applied here; required fields stay null when absent so validation can name them. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StoryboardSpec(
    String title,
    String aspectRatio,
    String resolution,
    Integer fps,
    String provider,
    String model,
    String tier,
    List<String> fallbackProviders,
    BigDecimal budgetUsd,
    ReviewPolicy review,
    List<ShotSpec> shots,
    @JsonInclude(JsonInclude.Include.NON_NULL) AudioSpec audio,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<CharacterSpec> characters) {

  public StoryboardSpec {
    aspectRatio = aspectRatio == null ? "16:9" : aspectRatio;
    resolution = resolution == null ? "720p" : resolution;
    fps = fps == null ? 24 : fps;
    provider = provider == null ? "local" : provider;
    model = model == null ? "kling-v2.1" : model;
    tier = tier == null ? "pro" : tier;
    fallbackProviders = fallbackProviders == null ? List.of() : List.copyOf(fallbackProviders);
    review = review == null ? ReviewPolicy.DEFAULT : review;
    characters = characters == null ? List.of() : List.copyOf(characters);
  }

  /** A storyboard without characters. */
  public StoryboardSpec(String title, String aspectRatio, String resolution, Integer fps, String provider, String model,
      String tier, List<String> fallbackProviders, BigDecimal budgetUsd, ReviewPolicy review, List<ShotSpec> shots,
      AudioSpec audio) {
    this(title, aspectRatio, resolution, fps, provider, model, tier, fallbackProviders, budgetUsd, review, shots, audio,
        null);
  }

  /** Frame width in pixels for the spec's resolution and aspect ratio (the short side is the resolution). */
  public int width() {
    return FrameSize.of(aspectRatio, resolution).width();
  }

  public int height() {
    return FrameSize.of(aspectRatio, resolution).height();
  }

  /** The final mix's integrated loudness in LUFS: {@code audio.loudness}, else {@link AudioSpec#DEFAULT_LOUDNESS_LUFS}. */
  public double loudnessLufs() {
    return audio == null ? AudioSpec.DEFAULT_LOUDNESS_LUFS : audio.loudnessLufs();
  }

  /**
   * The video model {@code shot} is generated with: its own {@code model}, else the storyboard's. Every check, price,
   * request and record that depends on the model asks here.
   */
  public String modelOf(ShotSpec shot) {
    return shot.model() != null ? shot.model() : model;
  }

  /** Every video model the storyboard uses: its own (its character sheets' and default), then its shots', once each. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public java.util.Set<String> models() {
    java.util.Set<String> models = new java.util.LinkedHashSet<>();
    models.add(model);
    if (shots != null) {
      shots.stream().filter(java.util.Objects::nonNull).map(this::modelOf).forEach(models::add);
    }
    return models;
  }

  /** The character {@code id}; throws when the spec has none of that id. */
  public CharacterSpec character(String id) {
    return characters.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  public ShotSpec shot(String id) {
    return shots.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }
}
