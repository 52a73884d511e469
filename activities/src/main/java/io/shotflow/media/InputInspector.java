package io.shotflow.media;

import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;

/** Shell replaced on the media branch: checks of spec inputs before anything is paid for. */
@Singleton
public class InputInspector {
  /** Problems with a keyframe image (format jpg/png, ≥300 px a side, ≤10 MB, aspect 1:2.5..2.5:1); empty when fine. */
  public List<String> inspectImage(Path file) { throw new IllegalStateException("not merged yet"); }
  /** Problems with dialogue audio (wav/mp3/m4a/aac, duration within [minSeconds, maxSeconds]); empty when fine. */
  public List<String> inspectAudio(Path file, double minSeconds, double maxSeconds) { throw new IllegalStateException("not merged yet"); }
}
