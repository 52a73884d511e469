package io.shotflow.activities.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Locale;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;

/**
 * Interleaved float audio at {@link Ffmpeg#SAMPLE_RATE} through an FFmpeg audio filter chain (libavfilter, no ffmpeg
 * executable), sample for sample: what comes out is as long as what went in and starts at the same instant. Filters
 * that hold samples back (a limiter's look-ahead, resampling) are drained at {@link #finish} by feeding silence.
 */
public final class AudioFilter implements AutoCloseable {

  /** Receives filtered samples: {@code frames} sample frames from {@code samples}' position, and the filter's frame. */
  @FunctionalInterface
  public interface Sink {
    void accept(FloatBuffer samples, int frames, AVFrame frame) throws IOException;
  }

  private final FFmpegFrameFilter filter;
  private final int channels;
  private final Sink sink;
  private long framesIn;
  private long framesOut;

  /** {@code chain} is an FFmpeg audio filter chain such as {@code volume=3dB}; the output is converted back to ours. */
  public AudioFilter(String chain, int channels, Sink sink) throws IOException {
    Ffmpeg.init();
    this.channels = channels;
    this.sink = sink;
    String layout = channels == 1 ? "mono" : channels == 2 ? "stereo" : channels + "c";
    this.filter = new FFmpegFrameFilter(chain + String.format(Locale.ROOT,
        ",aformat=sample_fmts=flt:sample_rates=%d:channel_layouts=%s", Ffmpeg.SAMPLE_RATE, layout), channels);
    filter.setSampleFormat(AV_SAMPLE_FMT_FLT);
    filter.setSampleRate(Ffmpeg.SAMPLE_RATE);
    try {
      filter.start();
    } catch (FrameFilter.Exception e) {
      throw new IOException("cannot set up the audio filter '" + chain + "': " + e.getMessage(), e);
    }
  }

  /** Filters {@code frames} sample frames of {@code samples} (from index 0); output reaches the sink as it comes. */
  public void push(float[] samples, int frames) throws IOException {
    if (frames <= 0) {
      return;
    }
    try {
      filter.pushSamples(0, channels, Ffmpeg.SAMPLE_RATE, AV_SAMPLE_FMT_FLT, FloatBuffer.wrap(samples, 0, frames * channels));
    } catch (FrameFilter.Exception e) {
      throw new IOException("audio filter failed: " + e.getMessage(), e);
    }
    framesIn += frames;
    drain(framesIn);
  }

  /** Sends the rest: exactly as many sample frames as were pushed have reached the sink when this returns. */
  public void finish() throws IOException {
    float[] silence = new float[Ffmpeg.SAMPLE_RATE / 10 * channels];
    long target = framesIn;
    for (int i = 0; i < 50 && framesOut < target; i++) {
      try {
        filter.pushSamples(0, channels, Ffmpeg.SAMPLE_RATE, AV_SAMPLE_FMT_FLT, FloatBuffer.wrap(silence));
      } catch (FrameFilter.Exception e) {
        throw new IOException("audio filter failed: " + e.getMessage(), e);
      }
      drain(target);
    }
    if (framesOut < target) {
      throw new IOException("audio filter kept back " + (target - framesOut) + " samples");
    }
  }

  private void drain(long limit) throws IOException {
    while (true) {
      Frame out;
      try {
        out = filter.pullSamples();
      } catch (FrameFilter.Exception e) {
        throw new IOException("audio filter failed: " + e.getMessage(), e);
      }
      if (out == null) {
        return;
      }
      FloatBuffer samples = ((FloatBuffer) out.samples[0]).duplicate();
      int frames = (int) Math.min(samples.remaining() / channels, limit - framesOut);
      if (frames > 0) {
        sink.accept(samples, frames, (AVFrame) out.opaque);
        framesOut += frames;
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      filter.close();
    } catch (FrameFilter.Exception e) {
      throw new IOException("cannot close the audio filter: " + e.getMessage(), e);
    }
  }
}
