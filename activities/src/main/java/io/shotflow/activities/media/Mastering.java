package io.shotflow.activities.media;

import io.shotflow.spec.AudioSpec;
import java.io.IOException;
import java.util.Locale;

/**
 * Loudness normalisation of a mix: one gain that brings its integrated loudness (EBU R 128) to a target, and a
 * limiter on 4× oversampled audio that keeps the true peak under {@link #TRUE_PEAK_DBTP}. The gain is found by
 * measuring the mix, then measuring it again through the gain and limiter and correcting for what the limiter took
 * off (a few audio-only passes at most), so a mix of quiet and loud dialogue, or quiet speech with loud plosives,
 * lands on the target. A mix quieter than {@link #QUIETEST_LUFS} (silence,
 * or at most a noise floor) is left as it is rather than amplified.
 */
public final class Mastering {

  /** The integrated loudness of the final mix unless the storyboard asks for another (web delivery). */
  public static final double DEFAULT_LUFS = AudioSpec.DEFAULT_LOUDNESS_LUFS;

  /** The highest true peak allowed in the final mix. */
  public static final double TRUE_PEAK_DBTP = -1.0;

  /** Mixes with an integrated loudness below this have no dialogue to normalise. */
  public static final double QUIETEST_LUFS = -60.0;

  /** The limiter's ceiling: below {@link #TRUE_PEAK_DBTP} by room for resampling back to 48 kHz and AAC coding. */
  private static final double LIMIT_DBTP = -2.0;

  private static final int CORRECTIONS = 6;
  private static final double CLOSE_ENOUGH_LU = 0.2;

  /** Plays a mix: every sample frame, in order, into the consumer. */
  @FunctionalInterface
  public interface Mix {
    void play(Samples into) throws IOException;
  }

  /** Receives interleaved float samples at {@link Ffmpeg#SAMPLE_RATE}: {@code frames} sample frames from index 0. */
  @FunctionalInterface
  public interface Samples {
    void accept(float[] samples, int frames) throws IOException;
  }

  /**
   * What to do to the mix.
   *
   * @param measured the mix as it is
   * @param chain the FFmpeg audio filter chain that normalises it, null to leave it as it is
   * @param expected the mix after {@code chain}, as measured while planning
   */
  public record Plan(LoudnessMeter.Loudness measured, String chain, LoudnessMeter.Loudness expected) {}

  private Mastering() {}

  /** Plans the normalisation of {@code mix} ({@code channels} interleaved) to {@code targetLufs}. */
  public static Plan plan(Mix mix, int channels, double targetLufs) throws IOException {
    LoudnessMeter.Loudness measured = measure(mix, channels, null);
    if (measured.integratedLufs() < QUIETEST_LUFS) {
      return new Plan(measured, null, measured);
    }
    double gain = targetLufs - measured.integratedLufs();
    String chain = chain(gain);
    LoudnessMeter.Loudness after = measure(mix, channels, chain);
    double slope = 1;
    for (int i = 0; i < CORRECTIONS && Math.abs(targetLufs - after.integratedLufs()) > CLOSE_ENOUGH_LU; i++) {
      double step = (targetLufs - after.integratedLufs()) / slope;
      LoudnessMeter.Loudness next = measure(mix, channels, chain(gain + step));
      // the limiter takes off part of any gain: the next step follows how much of this one arrived
      slope = Math.max(0.1, Math.min(1, (next.integratedLufs() - after.integratedLufs()) / step));
      gain += step;
      chain = chain(gain);
      after = next;
    }
    return new Plan(measured, chain, after);
  }

  /** {@code gainDb} of gain, then a true-peak limiter (alimiter at 192 kHz) with its look-ahead compensated. */
  static String chain(double gainDb) {
    return String.format(Locale.ROOT,
        "volume=%.3fdB,aresample=192000,alimiter=limit=%.5f:level=false:latency=true,aresample=%d",
        gainDb, Math.pow(10, LIMIT_DBTP / 20), Ffmpeg.SAMPLE_RATE);
  }

  private static LoudnessMeter.Loudness measure(Mix mix, int channels, String chain) throws IOException {
    try (LoudnessMeter meter = new LoudnessMeter(chain, channels)) {
      mix.play(meter::add);
      return meter.result();
    }
  }
}
