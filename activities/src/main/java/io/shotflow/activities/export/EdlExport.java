package io.shotflow.activities.export;

import java.nio.charset.StandardCharsets;

/**
 * A CMX3600 edit decision list: one cut event per shot from reel {@code FINAL} (the final cut itself), source
 * in/out equal to record in/out, with the clip name and shot id as comments.
 */
public final class EdlExport {

  /** CMX3600 reel names are at most eight characters. */
  public static final String REEL = "FINAL";

  private EdlExport() {}

  public static byte[] write(Cut cut) {
    StringBuilder edl = new StringBuilder();
    edl.append("TITLE: ").append(singleLine(cut.title())).append("\r\n");
    edl.append("FCM: NON-DROP FRAME\r\n\r\n");
    int event = 1;
    for (Cut.Shot shot : cut.shots()) {
      String in = Timecode.of(shot.startFrame(), cut.fps());
      String out = Timecode.of(shot.endFrame(), cut.fps());
      edl.append(String.format("%03d  %-8s V     C        %s %s %s %s\r\n", event++, REEL, in, out, in, out));
      edl.append("* FROM CLIP NAME: ").append(cut.media()).append("\r\n");
      edl.append("* SHOT: ").append(shot.id()).append("\r\n\r\n");
    }
    return edl.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String singleLine(String text) {
    return text == null ? "" : text.replaceAll("[\\r\\n]+", " ").replaceAll("[^\\x20-\\x7e]", "?");
  }
}
