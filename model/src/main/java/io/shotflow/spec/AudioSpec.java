package io.shotflow.spec;

import java.math.BigDecimal;

/**
 * The final mix's sound: {@code loudness} is its integrated loudness in LUFS (EBU R 128), −16 when absent (web and
 * streaming; −23 is broadcast's EBU R 128 target). Range checked by {@link SpecValidator}.
 */
public record AudioSpec(BigDecimal loudness) {

  /** The integrated loudness of the final mix when the spec gives none. */
  public static final double DEFAULT_LOUDNESS_LUFS = -16.0;

  /** The quietest and loudest targets a spec may ask for. */
  public static final int MIN_LOUDNESS_LUFS = -36;

  public static final int MAX_LOUDNESS_LUFS = -10;

  /** The target in LUFS: the spec's, else {@link #DEFAULT_LOUDNESS_LUFS}. */
  public double loudnessLufs() {
    return loudness == null ? DEFAULT_LOUDNESS_LUFS : loudness.doubleValue();
  }
}
