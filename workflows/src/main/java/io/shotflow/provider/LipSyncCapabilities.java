package io.shotflow.provider;

import java.math.BigDecimal;
import java.util.Set;

/**
 * A provider's lip-sync step: the audio and video it accepts and its price, charged per started
 * {@code unitSeconds} of video (Kling bills 5 s steps, Sync bills per second).
 */
public record LipSyncCapabilities(
    String provider,
    String model,
    double audioMinSeconds,
    double audioMaxSeconds,
    long audioMaxBytes,
    double videoMinSeconds,
    double videoMaxSeconds,
    Set<String> audioFormats,
    BigDecimal pricePerUnit,
    int unitSeconds) {

  public BigDecimal price(int videoSeconds) {
    return pricePerUnit.multiply(BigDecimal.valueOf(units(videoSeconds)));
  }

  /** The started units billed for {@code videoSeconds} of video (at least one). */
  public int units(int videoSeconds) {
    return Math.max(1, (videoSeconds + unitSeconds - 1) / unitSeconds);
  }
}
