package io.shotflow.activities.provider.local;

import static io.shotflow.testing.TestMedia.meanDifference;
import static io.shotflow.testing.TestMedia.picture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activities.media.LastFrame;
import io.shotflow.activities.media.MediaProbe;
import io.shotflow.testing.TestMedia;
import java.awt.Color;
import java.awt.image.BufferedImage;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipRendererTest {

  @TempDir Path dir;

  private final ClipRenderer renderer = new ClipRenderer();

  @Test
  void movesFromTheStartFrameToTheEndFrameWithExactFramesAndSize() throws Exception {
    BufferedImage start = picture(320, 180, Color.BLUE, Color.CYAN);
    BufferedImage end = picture(320, 180, Color.RED, Color.ORANGE);
    Path out = dir.resolve("clip.mp4");
    AtomicInteger progress = new AtomicInteger();

    renderer.render(new ClipRenderer.Clip(start, end, 320, 180, 24, 48, 7L, 7L, "reveal · CLIP v1"), out,
        progress::set);

    MediaProbe.Info info = MediaProbe.probe(out);
    assertEquals(320, info.width());
    assertEquals(180, info.height());
    assertEquals(24.0, info.fps(), 1e-9);
    assertEquals(48, info.frames());
    assertEquals(2.0, info.durationSeconds(), 1e-9);
    assertFalse(info.hasAudio());
    assertEquals(48, progress.get());

    List<BufferedImage> frames = TestMedia.frames(out);
    assertEquals(48, frames.size());
    assertTrue(meanDifference(frames.get(0), start) < 8, "first frame is the start image");
    assertTrue(meanDifference(frames.get(47), end) < 8, "last frame is the end image");
    assertTrue(meanDifference(frames.get(0), end) > 40, "the start image differs from the end image");
    BufferedImage middle = frames.get(24);
    assertTrue(meanDifference(middle, start) > 10 && meanDifference(middle, end) > 10, "the middle is a dissolve");
  }

  @Test
  void withoutAnEndFrameTheCameraMovesOverTheStartFrame() throws Exception {
    BufferedImage start = picture(320, 180, Color.BLUE, Color.CYAN);
    Path out = dir.resolve("clip.mp4");

    renderer.render(new ClipRenderer.Clip(start, null, 320, 180, 25, 50, 11L, 11L, "solo · CLIP v1"), out, n -> {});

    List<BufferedImage> frames = TestMedia.frames(out);
    assertEquals(50, frames.size());
    assertTrue(meanDifference(frames.get(0), start) < 8);
    double moved = meanDifference(frames.get(49), start);
    assertTrue(moved > 3 && moved < 60, "the last frame is the same picture seen closer: " + moved);
  }

  @Test
  void anExtendStartsOnThePreviousClipsLastFrame() throws Exception {
    Path first = dir.resolve("first.mp4");
    renderer.render(new ClipRenderer.Clip(picture(320, 180, Color.BLUE, Color.CYAN), null, 320, 180, 24, 24, 5L, 5L,
        "shot · CLIP v1"), first, n -> {});
    BufferedImage last = LastFrame.of(first);
    Path extend = dir.resolve("extend.mp4");

    renderer.render(new ClipRenderer.Clip(last, null, 320, 180, 24, 48, 5L, 9L, "shot · EXTEND v1"), extend, n -> {});

    List<BufferedImage> frames = TestMedia.frames(extend);
    assertEquals(48, frames.size());
    assertTrue(meanDifference(frames.get(0), last) < 8, "continues from the last frame");
    assertTrue(meanDifference(frames.get(47), last) > 3, "and keeps moving");
  }

  @Test
  void theSlateStaysOutOfTheFirstAndLastFrames() throws Exception {
    BufferedImage grey = picture(320, 180, Color.GRAY, Color.GRAY);
    Path out = dir.resolve("slated.mp4");

    renderer.render(new ClipRenderer.Clip(grey, grey, 320, 180, 24, 48, 3L, 3L, "label · CLIP v1"), out, n -> {});

    List<BufferedImage> frames = TestMedia.frames(out);
    // the slate's corner: bottom left, where the label plate is drawn in the middle of the clip
    BufferedImage plainCorner = grey.getSubimage(0, 130, 160, 50);
    assertTrue(labelPixels(frames.get(24).getSubimage(0, 130, 160, 50), plainCorner) > 200,
        "the middle frame carries the label");
    assertEquals(0, labelPixels(frames.get(0).getSubimage(0, 130, 160, 50), plainCorner), "the first frame is clean");
    assertEquals(0, labelPixels(frames.get(47).getSubimage(0, 130, 160, 50), plainCorner), "the last frame is clean");
    assertEquals(0, labelPixels(LastFrame.of(out).getSubimage(0, 130, 160, 50), plainCorner),
        "the frame an extend or a later shot starts on has no label pixels");
  }

  /** Pixels of {@code frame} that differ from {@code plain} by more than the encoder's noise in any channel. */
  private static int labelPixels(BufferedImage frame, BufferedImage plain) {
    int count = 0;
    for (int y = 0; y < frame.getHeight(); y++) {
      for (int x = 0; x < frame.getWidth(); x++) {
        int a = frame.getRGB(x, y);
        int b = plain.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          if (Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)) > 40) {
            count++;
            break;
          }
        }
      }
    }
    return count;
  }

  @Test
  void renders720pFastEnough() throws Exception {
    KeyframeRenderer cards = new KeyframeRenderer();
    BufferedImage start = cards.render("bench", "A closed box", KeyframeRenderer.Which.START, 1, 1280, 720);
    BufferedImage end = cards.render("bench", "The lid lifts on a watch", KeyframeRenderer.Which.END, 1, 1280, 720);
    Path out = dir.resolve("bench.mp4");
    int frames = 5 * 24;

    long cpuBefore = processCpuNanos();
    long wallBefore = System.nanoTime();
    renderer.render(new ClipRenderer.Clip(start, end, 1280, 720, 24, frames, 3L, 3L, "bench · CLIP v1"), out, n -> {});
    double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
    double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;

    assertEquals(frames, MediaProbe.probe(out).frames());
    double videoSecondsPerCpuSecond = 5.0 / cpuSeconds;
    System.out.printf(
        "720p clip: %d frames, %.2f s CPU, %.2f s wall, %.0f frames/s wall, %.2f s of video per CPU-second%n",
        frames, cpuSeconds, wallSeconds, frames / wallSeconds, videoSecondsPerCpuSecond);
    assertTrue(videoSecondsPerCpuSecond > 1.0, "far below the render speed target: " + videoSecondsPerCpuSecond);
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
