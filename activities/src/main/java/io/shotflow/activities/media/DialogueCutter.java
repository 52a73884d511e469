package io.shotflow.activities.media;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Cuts a piece of a recording for one lip-sync call (see {@code LipSyncPlan}): 16-bit mono PCM at
 * {@link Ffmpeg#SAMPLE_RATE}, the recording placed {@code offsetSeconds} after the piece's start (negative: the piece
 * begins that far into it), silence before and after it.
 */
final class DialogueCutter {

  private static final int CHUNK = Ffmpeg.SAMPLE_RATE / 10;

  private DialogueCutter() {}

  static void cut(Path recording, double offsetSeconds, double seconds, Path out) throws IOException {
    if (!(seconds > 0) || Double.isNaN(offsetSeconds) || Double.isInfinite(offsetSeconds)) {
      throw new IllegalArgumentException("a dialogue piece needs a positive length and a finite offset");
    }
    long total = Math.round(seconds * Ffmpeg.SAMPLE_RATE);
    long silence = Math.max(0, Math.round(offsetSeconds * Ffmpeg.SAMPLE_RATE));
    long skip = Math.max(0, Math.round(-offsetSeconds * Ffmpeg.SAMPLE_RATE));
    WavWriter wav = new WavWriter(1);
    float[] samples = new float[CHUNK];
    for (long left = Math.min(silence, total); left > 0; left -= CHUNK) {
      wav.add(samples, 0, (int) Math.min(CHUNK, left));
    }
    try (AudioReader reader = new AudioReader(recording, 1)) {
      if (!reader.hasAudio()) {
        throw new MediaInputException("dialogue has no audio stream: " + recording.getFileName());
      }
      for (long left = skip; left > 0; left -= CHUNK) {
        reader.read(samples, (int) Math.min(CHUNK, left));
      }
      // the reader gives silence once the recording ends
      for (long left = total - wav.frames(); left > 0; left -= CHUNK) {
        int n = (int) Math.min(CHUNK, left);
        reader.read(samples, n);
        wav.add(samples, 0, n);
      }
    }
    wav.write(out);
  }
}
