package io.shotflow.activities.media;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * Reads a file's audio as interleaved float samples at {@link Ffmpeg#SAMPLE_RATE}, in chunks of any size. After the
 * audio ends (or when the file has none) it reads silence, so callers can cut or pad to any duration.
 */
public final class AudioReader implements AutoCloseable {

  private final FFmpegFrameGrabber grabber;
  private final int channels;
  private final boolean hasAudio;
  private FloatBuffer pending;
  private boolean ended;

  public AudioReader(Path file, int channels) throws IOException {
    this.grabber = Ffmpeg.audioGrabber(file, channels);
    this.channels = channels;
    this.hasAudio = grabber.hasAudio();
    this.ended = !hasAudio;
  }

  public boolean hasAudio() {
    return hasAudio;
  }

  /** Fills {@code frames} sample frames of {@code dst} (from index 0) with audio, then silence once it ends. */
  public void read(float[] dst, int frames) throws IOException {
    int wanted = frames * channels;
    int filled = 0;
    while (filled < wanted && !ended) {
      if (pending == null || !pending.hasRemaining()) {
        pending = nextSamples();
        continue;
      }
      int n = Math.min(wanted - filled, pending.remaining());
      pending.get(dst, filled, n);
      filled += n;
    }
    Arrays.fill(dst, filled, wanted, 0f);
  }

  private FloatBuffer nextSamples() throws IOException {
    Frame frame = grabber.grabSamples();
    if (frame == null) {
      ended = true;
      return null;
    }
    return ((FloatBuffer) frame.samples[0]).duplicate();
  }

  @Override
  public void close() throws IOException {
    grabber.close();
  }
}
