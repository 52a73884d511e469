package io.shotflow.activities.provider.local;

import java.util.Arrays;

/**
 * The local animatic's native audio: a quiet room tone (a low hum with a slow swell) under the line of
 * {@code dialogue.text}, spoken by a {@link SpokenLine} from the clip's start, so a clip with {@code audio: native}
 * carries real sound of its own and the final mix keeps it.
 */
final class NativeSound {

  private static final double TONE_HZ = 110;
  private static final double TONE_AMPLITUDE = 0.04;

  private final SpokenLine line;
  private final int channels;
  private final float[] voice;
  private long position;

  /** {@code text} null: the room tone alone. */
  NativeSound(String text, double speed, int channels, int maxFrames) {
    this.line = text == null || text.isBlank() ? null : new SpokenLine(text, speed, channels);
    this.channels = channels;
    this.voice = new float[maxFrames * channels];
  }

  /** Fills {@code frames} interleaved sample frames of {@code dst}. */
  void read(float[] dst, int frames) {
    if (line != null) {
      line.read(voice, frames);
    } else {
      Arrays.fill(voice, 0, frames * channels, 0f);
    }
    for (int n = 0; n < frames; n++) {
      double t = (position + n) / (double) io.shotflow.activities.media.Ffmpeg.SAMPLE_RATE;
      float tone = (float) (TONE_AMPLITUDE * (0.7 + 0.3 * Math.sin(2 * Math.PI * 0.25 * t))
          * Math.sin(2 * Math.PI * TONE_HZ * t));
      for (int ch = 0; ch < channels; ch++) {
        dst[n * channels + ch] = voice[n * channels + ch] + tone;
      }
    }
    position += frames;
  }
}
