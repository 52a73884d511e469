package io.shotflow.media;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Checks spec inputs before anything is paid for. Formats are recognised by content, not by name; each problem is a
 * sentence a producer can act on, and an empty list means the file is fine.
 */
public interface InputInspector {

  /** Problems with a keyframe image (format jpg/png, ≥300 px a side, ≤10 MB, aspect 1:2.5..2.5:1); empty when fine. */
  List<String> inspectImage(Path file);

  /** Problems with dialogue audio (wav/mp3/m4a/aac, duration within [minSeconds, maxSeconds]); empty when fine. */
  List<String> inspectAudio(Path file, double minSeconds, double maxSeconds);

  /** The length of a file's audio in seconds; empty when it cannot be read (the file failed {@link #inspectAudio}). */
  OptionalDouble audioSeconds(Path file);
}
