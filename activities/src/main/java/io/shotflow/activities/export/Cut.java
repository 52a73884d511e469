package io.shotflow.activities.export;

import java.util.ArrayList;
import java.util.List;

/**
 * The edit the exports describe: shots laid end to end in one media file ({@code media}, a name relative to the
 * export files), each a range of whole frames at {@code fps}.
 */
public record Cut(String title, String media, int width, int height, int fps, boolean hasAudio, List<Shot> shots) {

  public record Shot(String id, String prompt, long startFrame, long frames) {

    public long endFrame() {
      return startFrame + frames;
    }
  }

  public Cut {
    shots = List.copyOf(shots);
    if (fps <= 0) {
      throw new IllegalArgumentException("fps must be positive");
    }
  }

  public long totalFrames() {
    return shots.isEmpty() ? 0 : shots.get(shots.size() - 1).endFrame();
  }

  /** Shots back to back from frame 0, each {@code seconds × fps} frames long. */
  public static Cut sequential(String title, String media, int width, int height, int fps, boolean hasAudio,
      List<String> ids, List<String> prompts, List<Integer> seconds) {
    List<Shot> shots = new ArrayList<>();
    long start = 0;
    for (int i = 0; i < ids.size(); i++) {
      long frames = (long) seconds.get(i) * fps;
      shots.add(new Shot(ids.get(i), prompts.get(i), start, frames));
      start += frames;
    }
    return new Cut(title, media, width, height, fps, hasAudio, shots);
  }
}
