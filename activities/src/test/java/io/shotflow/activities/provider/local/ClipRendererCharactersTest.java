package io.shotflow.activities.provider.local;

import static io.shotflow.testing.TestMedia.meanDifference;
import static io.shotflow.testing.TestMedia.picture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activities.media.MediaProbe;
import io.shotflow.testing.TestMedia;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local animatic's characters (a reference inset) and native audio (a real sound track). */
class ClipRendererCharactersTest {

  @TempDir Path dir;

  @Test
  void theReferenceIsInsetOnTheMiddleFramesAndTheEndsStayClean() throws Exception {
    BufferedImage start = picture(640, 360, Color.BLUE, Color.CYAN);
    BufferedImage magenta = picture(300, 300, Color.MAGENTA, Color.MAGENTA);
    Path out = dir.resolve("clip.mp4");
    new ClipRenderer().render(new ClipRenderer.Clip(start, null, 640, 360, 24, 48, 3L, 3L, "dock · CLIP v1",
        List.of(magenta), null), out, n -> { });

    List<BufferedImage> frames = TestMedia.frames(out);
    assertEquals(48, frames.size());
    Rectangle inset = new ReferenceInset(List.of(magenta)).region(640, 360);
    assertTrue(magentaShare(frames.get(24), inset) > 0.5, "the middle frame shows the reference");
    assertTrue(magentaShare(frames.get(0), inset) < 0.05, "the first frame is clean");
    assertTrue(magentaShare(frames.get(47), inset) < 0.05, "the last frame is clean");
    assertTrue(meanDifference(frames.get(0), start) < 8);
    assertFalse(MediaProbe.probe(out).hasAudio(), "silent unless asked for sound");
  }

  @Test
  void nativeSoundIsARealTrackAsLongAsTheClip() throws Exception {
    Path out = dir.resolve("sound.mp4");
    new ClipRenderer().render(new ClipRenderer.Clip(picture(320, 180, Color.GRAY, Color.GRAY), null, 320, 180, 24, 72,
        5L, 5L, "boat · CLIP v1", List.of(), new ClipRenderer.Sound("Cast off, Ivo!", 1.0)), out, n -> { });

    MediaProbe.Info info = MediaProbe.probe(out);
    assertTrue(info.hasAudio());
    assertEquals(3.0, info.audioDurationSeconds(), 0.1);
    assertEquals(72, TestMedia.frames(out).size());
  }

  private static double magentaShare(BufferedImage frame, Rectangle r) {
    int hits = 0;
    int all = 0;
    for (int y = r.y + 4; y < r.y + r.height - 4; y += 2) {
      for (int x = r.x + 4; x < r.x + r.width - 4; x += 2) {
        int p = frame.getRGB(x, y);
        int red = (p >> 16) & 255;
        int green = (p >> 8) & 255;
        int blue = p & 255;
        all++;
        if (red > 180 && blue > 180 && green < 90) {
          hits++;
        }
      }
    }
    return all == 0 ? 0 : hits / (double) all;
  }
}
