package io.shotflow.api;

import io.shotflow.activities.media.AudioReader;
import io.shotflow.activities.media.Ffmpeg;
import java.io.IOException;
import java.nio.file.Path;

/** The level of a file's sound window by window, in dBFS (RMS; -120 for digital silence), read through FFmpeg. */
final class SoundProfile {

  private SoundProfile() {}

  static double[] levels(Path file, double windowSeconds, int windows) throws IOException {
    int frames = (int) Math.round(windowSeconds * Ffmpeg.SAMPLE_RATE);
    float[] samples = new float[frames];
    double[] levels = new double[windows];
    try (AudioReader reader = new AudioReader(file, 1)) {
      for (int w = 0; w < windows; w++) {
        reader.read(samples, frames);
        double sum = 0;
        for (float s : samples) {
          sum += s * (double) s;
        }
        double rms = Math.sqrt(sum / frames);
        levels[w] = rms <= 1e-6 ? -120 : 20 * Math.log10(rms);
      }
    }
    return levels;
  }
}
