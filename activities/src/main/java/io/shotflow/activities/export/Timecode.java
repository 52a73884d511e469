package io.shotflow.activities.export;

/** Non-drop-frame SMPTE timecode {@code HH:MM:SS:FF} for a frame count at an integer frame rate. */
public final class Timecode {

  private Timecode() {}

  public static String of(long frames, int fps) {
    if (frames < 0 || fps <= 0) {
      throw new IllegalArgumentException("timecode needs frames >= 0 and fps > 0");
    }
    long ff = frames % fps;
    long totalSeconds = frames / fps;
    return String.format("%02d:%02d:%02d:%02d", totalSeconds / 3600, totalSeconds / 60 % 60, totalSeconds % 60, ff);
  }
}
