package io.shotflow.shot;

import io.shotflow.media.AssetRef;
import java.math.BigDecimal;

/**
 * One generated result a reviewer can pick. {@code kind} is keyframe, clip, extend or lip_sync;
 * {@code id} is unique within the shot (for example {@code clip-a2-v1}: attempt 2, variant 1). {@code route} is the
 * providers the call went through, {@code kling} or after a failover {@code kling→fal} ({@code provider} made it).
 * {@code outputVideoId} is the provider's id of the take's video where it has one
 * ({@link io.shotflow.provider.GenerationResult#outputVideoId()}), else null.
 */
public record Take(
    String id,
    String subject,
    String kind,
    AssetRef asset,
    String provider,
    String providerJobId,
    BigDecimal costUsd,
    String prompt,
    boolean approved,
    int attempt,
    String route,
    String outputVideoId) {

  /** A take whose provider names no output video. */
  public Take(String id, String subject, String kind, AssetRef asset, String provider, String providerJobId,
      BigDecimal costUsd, String prompt, boolean approved, int attempt, String route) {
    this(id, subject, kind, asset, provider, providerJobId, costUsd, prompt, approved, attempt, route, null);
  }

  /** A take without a recorded route. */
  public Take(String id, String subject, String kind, AssetRef asset, String provider, String providerJobId,
      BigDecimal costUsd, String prompt, boolean approved, int attempt) {
    this(id, subject, kind, asset, provider, providerJobId, costUsd, prompt, approved, attempt, null, null);
  }

  public Take approve() {
    return new Take(id, subject, kind, asset, provider, providerJobId, costUsd, prompt, true, attempt, route,
        outputVideoId);
  }
}
