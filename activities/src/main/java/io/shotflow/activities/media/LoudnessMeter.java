package io.shotflow.activities.media;

import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * EBU R 128 loudness of interleaved float audio at {@link Ffmpeg#SAMPLE_RATE}, measured by FFmpeg's {@code ebur128}
 * filter with true peak ({@code ebur128=peak=true}): integrated loudness in LUFS and true peak in dBTP. Audio with no
 * block above the filter's absolute gate measures {@link #SILENT} LUFS.
 */
public final class LoudnessMeter implements AutoCloseable {

  /** What {@code ebur128} reports as the integrated loudness of audio with nothing above its absolute gate. */
  public static final double SILENT = -70.0;

  /** Integrated loudness in LUFS and the highest true peak of any channel in dBTP (-∞ when every sample is 0). */
  public record Loudness(double integratedLufs, double truePeakDbtp) {

    /** True when nothing in the audio reaches the absolute gate: no speech, at most a faint floor. */
    public boolean silent() {
      return integratedLufs <= SILENT;
    }
  }

  /** ebur128 reports in steps of 100 ms; its last values cover the audio up to a whole step. */
  private static final int STEP = Ffmpeg.SAMPLE_RATE / 10;

  private final int channels;
  private final AudioFilter filter;
  private long frames;
  private double integrated = SILENT;
  private double truePeak = Double.NEGATIVE_INFINITY;

  public LoudnessMeter(int channels) throws IOException {
    this(null, channels);
  }

  /** Measures the audio after the FFmpeg filter chain {@code before} (null: as it is). */
  public LoudnessMeter(String before, int channels) throws IOException {
    this.channels = channels;
    this.filter = new AudioFilter((before == null ? "" : before + ",") + "ebur128=peak=true:metadata=1", channels,
        this::read);
  }

  /** The loudness of {@code file}'s audio (a file without audio measures silent). */
  public static Loudness measure(Path file) throws IOException {
    try (AudioReader audio = new AudioReader(file, 2); LoudnessMeter meter = new LoudnessMeter(2)) {
      float[] chunk = new float[STEP * 2];
      MediaProbe.Info info = MediaProbe.probe(file);
      int steps = (int) Math.ceil(Math.max(info.durationSeconds(), info.audioDurationSeconds()) * 10);
      for (int i = 0; i < steps && audio.hasAudio(); i++) {
        audio.read(chunk, STEP);
        meter.add(chunk, STEP);
      }
      return meter.result();
    }
  }

  /** Measures {@code count} sample frames of {@code samples} (from index 0) as the continuation of what came before. */
  public void add(float[] samples, int count) throws IOException {
    filter.push(samples, count);
    frames += count;
  }

  /** The loudness of everything added; call once, at the end. */
  public Loudness result() throws IOException {
    int rest = (int) ((STEP - frames % STEP) % STEP);
    if (rest > 0) {
      filter.push(new float[rest * channels], rest);
    }
    filter.finish();
    return new Loudness(integrated, truePeak);
  }

  private void read(FloatBuffer samples, int count, AVFrame frame) {
    String i = value(frame, "lavfi.r128.I");
    if (i != null) {
      integrated = parse(i);
    }
    for (int c = 0; c < channels; c++) {
      String peak = value(frame, "lavfi.r128.true_peaks_ch" + c);
      if (peak != null) {
        truePeak = Math.max(truePeak, 20 * Math.log10(parse(peak)));
      }
    }
  }

  private static String value(AVFrame frame, String key) {
    AVDictionaryEntry entry = av_dict_get(frame.metadata(), key, null, 0);
    return entry == null ? null : entry.value().getString();
  }

  /** The filter's values: LUFS for loudness, linear (1 = full scale) for peaks. */
  private static double parse(String value) {
    return value.contains("inf") ? (value.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
        : Double.parseDouble(value);
  }

  @Override
  public void close() throws IOException {
    filter.close();
  }
}
