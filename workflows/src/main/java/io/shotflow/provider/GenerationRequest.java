package io.shotflow.provider;

import io.shotflow.media.AssetRef;

/**
 * One paid (or local) generation. {@code idempotencyKey} is stable across activity retries and worker
 * restarts ({@code <storyboard>/<shot>/<subject>/<attempt>/<variant>}), so a provider that supports a client
 * key never runs the same take twice.
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
    int variant) {

  /** The same request for another provider (failover): same key, inputs and settings. */
  public GenerationRequest withProvider(String other) {
    return new GenerationRequest(idempotencyKey, storyboardId, shotId, kind, other, model, tier, prompt, negativePrompt,
        durationSeconds, width, height, fps, aspectRatio, startFrame, endFrame, sourceVideo, audio, variant);
  }
}
