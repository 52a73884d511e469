package io.shotflow.provider;

import io.shotflow.media.AssetRef;
import java.util.List;

/**
 * One paid (or local) generation. {@code idempotencyKey} is stable across activity retries and worker
 * restarts ({@code <storyboard>/<shot>/<subject>/<attempt>/<variant>}), so a provider that supports a client
 * key never runs the same take twice. {@code speech} is the line a text-driven lip-sync speaks (instead of
 * {@code audio}); {@code sourceVideoId} is the provider's id of {@code sourceVideo} for a native extend. Both are
 * null otherwise. {@code references} are the reference images of the shot's characters (empty when it names none):
 * each adapter sends them where its model takes them (elements, reference images), and the local animatic draws them
 * in the frame. {@code nativeAudio} asks a clip's model for its own sound; with {@code speech} it speaks that line
 * (in {@code speech.voiceId} where the model binds voices).
 */
public record GenerationRequest(
    String idempotencyKey,
    String storyboardId,
    String shotId,
    GenerationKind kind,
    String provider,
    String model,
    String tier,
    String prompt,
    String negativePrompt,
    int durationSeconds,
    int width,
    int height,
    int fps,
    String aspectRatio,
    AssetRef startFrame,
    AssetRef endFrame,
    AssetRef sourceVideo,
    AssetRef audio,
    int variant,
    Speech speech,
    String sourceVideoId,
    List<AssetRef> references,
    boolean nativeAudio) {

  public GenerationRequest {
    references = references == null ? List.of() : List.copyOf(references);
  }

  /** A request without reference images. */
  public GenerationRequest(String idempotencyKey, String storyboardId, String shotId, GenerationKind kind,
      String provider, String model, String tier, String prompt, String negativePrompt, int durationSeconds,
      int width, int height, int fps, String aspectRatio, AssetRef startFrame, AssetRef endFrame,
      AssetRef sourceVideo, AssetRef audio, int variant, Speech speech, String sourceVideoId) {
    this(idempotencyKey, storyboardId, shotId, kind, provider, model, tier, prompt, negativePrompt, durationSeconds,
        width, height, fps, aspectRatio, startFrame, endFrame, sourceVideo, audio, variant, speech, sourceVideoId,
        List.of(), false);
  }

  /** A request without a line of text or a native extend source. */
  public GenerationRequest(String idempotencyKey, String storyboardId, String shotId, GenerationKind kind,
      String provider, String model, String tier, String prompt, String negativePrompt, int durationSeconds,
      int width, int height, int fps, String aspectRatio, AssetRef startFrame, AssetRef endFrame,
      AssetRef sourceVideo, AssetRef audio, int variant) {
    this(idempotencyKey, storyboardId, shotId, kind, provider, model, tier, prompt, negativePrompt, durationSeconds,
        width, height, fps, aspectRatio, startFrame, endFrame, sourceVideo, audio, variant, null, null, List.of(), false);
  }

  /** A line to speak: at most 120 characters, a provider voice id, {@code en} or {@code zh}, speed 0.8–2.0. */
  public record Speech(String text, String voiceId, String voiceLanguage, double voiceSpeed) {}

  /** The same request for another provider (failover): same key, inputs and settings. */
  public GenerationRequest withProvider(String other) {
    return new GenerationRequest(idempotencyKey, storyboardId, shotId, kind, other, model, tier, prompt, negativePrompt,
        durationSeconds, width, height, fps, aspectRatio, startFrame, endFrame, sourceVideo, audio, variant, speech,
        sourceVideoId, references, nativeAudio);
  }
}
