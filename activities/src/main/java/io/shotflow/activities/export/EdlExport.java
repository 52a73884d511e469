package io.shotflow.activities.export;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A CMX3600 edit decision list of the approved cut: one cut event per shot from that shot's own reel, source in at
 * 00:00:00:00 of the per-shot file, record in/out where the shot sits in the cut, so the record ranges add up to
 * the cut; and for a shot with dialogue a second event on audio channel 1 from the dialogue file's reel. Reel names
 * are {@code V0001}, {@code A0001}, … (CMX3600 allows at most eight characters); comments under each event map the
 * reel to its file: {@code * FROM CLIP NAME:} (the file, as Avid and Resolve write it), {@code * SOURCE FILE:} and
 * {@code * SHOT:}. Review notes follow their shot's video event as locators, {@code * LOC: <record timecode> RED
 * <name>: <note>} (Avid's locator comment, which Resolve reads too), at the record time of what they are about.
 * Alternate takes have no place in a single-track list; the OTIO and FCPXML files carry them.
 */
public final class EdlExport {

  /** CMX3600 reel names are at most eight characters. */
  public static final int MAX_REEL = 8;

  private EdlExport() {}

  public static byte[] write(Cut cut) {
    StringBuilder edl = new StringBuilder();
    edl.append("TITLE: ").append(singleLine(cut.title())).append("\r\n");
    edl.append("FCM: NON-DROP FRAME\r\n\r\n");
    int event = 1;
    List<Cut.Shot> shots = cut.shots();
    for (int i = 0; i < shots.size(); i++) {
      Cut.Shot shot = shots.get(i);
      event = event(edl, event, reel("V", i), "V    ", shot.video(), shot, shot.frames(), cut.fps(), shot.markers());
      if (shot.dialogue() != null) {
        long frames = Math.min(shot.frames(), shot.dialogue().frames());
        event = event(edl, event, reel("A", i), "A    ", shot.dialogue(), shot, frames, cut.fps(), List.of());
      }
    }
    return edl.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The reel of the {@code index}-th shot's source of a kind: {@code V0001}. */
  static String reel(String kind, int index) {
    String reel = kind + String.format("%04d", index + 1);
    if (reel.length() > MAX_REEL) {
      throw new IllegalArgumentException("more shots than CMX3600 reel names can tell apart: " + reel);
    }
    return reel;
  }

  private static int event(StringBuilder edl, int event, String reel, String track, Cut.Source source, Cut.Shot shot,
      long frames, int fps, List<Cut.Marker> markers) {
    String srcIn = Timecode.of(0, fps);
    String srcOut = Timecode.of(frames, fps);
    String recIn = Timecode.of(shot.startFrame(), fps);
    String recOut = Timecode.of(shot.startFrame() + frames, fps);
    edl.append(String.format("%03d  %-8s %s C        %s %s %s %s\r\n", event, reel, track, srcIn, srcOut, recIn,
        recOut));
    edl.append("* FROM CLIP NAME: ").append(singleLine(source.path())).append("\r\n");
    edl.append("* SOURCE FILE: ").append(singleLine(source.path())).append("\r\n");
    edl.append("* SHOT: ").append(singleLine(shot.id())).append("\r\n");
    for (Cut.Marker m : markers) {
      edl.append("* LOC: ").append(Timecode.of(shot.startFrame() + m.frame(), fps)).append(" RED     ")
          .append(singleLine(m.name() + (m.note() == null || m.note().isBlank() ? "" : ": " + m.note()))).append("\r\n");
    }
    edl.append("\r\n");
    return event + 1;
  }

  private static String singleLine(String text) {
    return text == null ? "" : text.replaceAll("[\\r\\n]+", " ").replaceAll("[^\\x20-\\x7e]", "?");
  }
}
