package io.shotflow.provider;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * A provider's lip-sync step: the audio and video it accepts and its price, charged per started
 * {@code unitSeconds} of video (Kling bills 5 s steps, Sync bills per second). {@code fromText}: it also speaks a line
 * of text in a named voice (Kling's text2video mode), priced like audio by the video's length.
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
    int unitSeconds,
    boolean fromText) {

  /** Kling's limit on a text2video line (docs/providers.md §1.8, §2.2). */
  public static final int MAX_TEXT_CHARS = 120;
  public static final List<String> VOICE_LANGUAGES = List.of("en", "zh");
  public static final BigDecimal MIN_VOICE_SPEED = new BigDecimal("0.8");
  public static final BigDecimal MAX_VOICE_SPEED = new BigDecimal("2.0");

  public BigDecimal price(int videoSeconds) {
    return pricePerUnit.multiply(BigDecimal.valueOf(units(videoSeconds)));
  }

  /** The started units billed for {@code videoSeconds} of video (at least one). */
  public int units(int videoSeconds) {
    return Math.max(1, (videoSeconds + unitSeconds - 1) / unitSeconds);
  }
}
