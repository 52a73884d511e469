package io.shotflow.activities.export;

import java.util.List;
import java.util.Map;

/**
 * The edit the exports describe: shots laid end to end, each a range of whole frames at {@code fps} taken from the
 * start of its own source file (its approved take as {@code shots/<shot>.mp4}), with its alternate takes, its
 * dialogue and its review notes. {@code media} is the flattened cut ({@code final.mp4}); every path is relative to
 * the export files.
 */
public record Cut(String title, String media, int width, int height, int fps, boolean hasAudio, List<Shot> shots) {

  /**
   * A media file a clip of the timeline takes frames from: {@code name} (the shot or take id), its {@code path},
   * how many frames it has at the cut's fps, whether it has sound, and what the editor may want to know of it
   * (take, provider, model, tier, provider job id, cost, approver; values are strings, numbers or lists).
   */
  public record Source(String name, String path, long frames, boolean hasAudio, Map<String, Object> metadata) {

    public Source {
      metadata = metadata == null ? Map.of() : metadata;
    }
  }

  /** A review note at {@code frame} of the shot's source (0: its first frame). */
  public record Marker(long frame, String name, String note) {}

  /**
   * One shot: {@code frames} frames from the start of {@code video}, placed at {@code startFrame} of the cut;
   * {@code alternates} are the takes not chosen, {@code dialogue} the shot's line as a sound file (or null).
   */
  public record Shot(String id, String prompt, long startFrame, long frames, Source video, List<Source> alternates,
      Source dialogue, List<Marker> markers) {

    public Shot {
      alternates = alternates == null ? List.of() : List.copyOf(alternates);
      markers = markers == null ? List.of() : List.copyOf(markers);
    }

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

  /** How many alternate tracks the cut needs: the most alternates of any shot. */
  public int alternateTracks() {
    return shots.stream().mapToInt(s -> s.alternates().size()).max().orElse(0);
  }
}
