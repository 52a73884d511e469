package io.shotflow.activities.media;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * A WAV file of 16-bit PCM at {@link Ffmpeg#SAMPLE_RATE} from interleaved float samples (clipped to ±1), written by
 * the JDK's own sound API: an editor's dialogue file needs no codec.
 */
public final class WavWriter {

  private final int channels;
  private final ByteArrayOutputStream pcm = new ByteArrayOutputStream();

  public WavWriter(int channels) {
    this.channels = channels;
  }

  /** Appends {@code frames} sample frames of {@code samples} from index {@code offset}. */
  public void add(float[] samples, int offset, int frames) {
    for (int i = 0; i < frames * channels; i++) {
      float v = Math.max(-1f, Math.min(1f, samples[offset + i]));
      int s = Math.round(v * 32767f);
      pcm.write(s & 0xff);
      pcm.write((s >> 8) & 0xff);
    }
  }

  /** Sample frames added so far. */
  public long frames() {
    return pcm.size() / (2L * channels);
  }

  public void write(Path file) throws IOException {
    AudioFormat format = new AudioFormat(Ffmpeg.SAMPLE_RATE, 16, channels, true, false);
    byte[] bytes = pcm.toByteArray();
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes), format, frames())) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
  }
}
