package io.shotflow.shot;

import io.shotflow.media.AssetRef;
import java.math.BigDecimal;

/**
 * One generated result a reviewer can pick. {@code kind} is keyframe, clip, extend or lip_sync;
 * {@code id} is unique within the shot (for example {@code clip-a2-v1}: attempt 2, variant 1).
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
    int attempt) {

  public Take approve() {
    return new Take(id, subject, kind, asset, provider, providerJobId, costUsd, prompt, true, attempt);
  }
}
