package io.shotflow.provider;

import io.shotflow.media.AssetRef;
import java.math.BigDecimal;

/**
 * A finished job whose output is already copied into the asset store. {@code outputVideoId} is the provider's own id
 * of the output video where later calls can name it (Kling's {@code video_id}, which its native extend takes); null
 * otherwise.
 */
public record GenerationResult(
    AssetRef asset, String provider, String providerJobId, BigDecimal costUsd, double durationSeconds,
    String outputVideoId) {

  public GenerationResult(AssetRef asset, String provider, String providerJobId, BigDecimal costUsd,
      double durationSeconds) {
    this(asset, provider, providerJobId, costUsd, durationSeconds, null);
  }
}
