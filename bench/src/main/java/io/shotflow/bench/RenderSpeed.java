package io.shotflow.bench;

import com.sun.management.OperatingSystemMXBean;
import io.shotflow.activities.provider.local.ClipRenderer;
import io.shotflow.activities.provider.local.KeyframeRenderer;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code render_speed}: seconds of 720p animatic (1280×720, 24 fps, a dissolve from a start to an end keyframe under
 * the camera move) the local provider's {@link ClipRenderer} writes per CPU-second of the thread that renders, after
 * two warm-up clips. The H.264 encoder runs on that thread (on an idle machine its CPU time equals the wall time), so
 * this is all the renderer's work. The whole process's CPU time over the same render (JIT compiler and collector
 * included) is reported next to it, and the key fails rather than hide work if most of it ran on other threads.
 */
final class RenderSpeed {

  record Result(double videoSecondsPerCpuSecond, int videoSeconds, double renderThreadCpuSeconds,
      double processCpuSeconds, double wallSeconds) {}

  private static final int WARM_UP_SECONDS = 5;
  private static final int WARM_UP_CLIPS = 2;

  private RenderSpeed() {}

  static Result measure(Path workDir, int seconds) throws Exception {
    Path dir = Files.createDirectories(workDir.resolve("render"));
    KeyframeRenderer keyframes = new KeyframeRenderer();
    BufferedImage start = keyframes.render("bench", "A closed box on a pedestal", KeyframeRenderer.Which.START, 1, 1280, 720);
    BufferedImage end = keyframes.render("bench", "An open box, the watch inside", KeyframeRenderer.Which.END, 1, 1280, 720);
    ClipRenderer renderer = new ClipRenderer();
    for (int i = 0; i < WARM_UP_CLIPS; i++) {
      renderer.render(clip(start, end, WARM_UP_SECONDS), dir.resolve("warm-up.mp4"), n -> { });
    }

    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long threadBefore = threads.getCurrentThreadCpuTime();
    long wallBefore = System.nanoTime();
    renderer.render(clip(start, end, seconds), dir.resolve("measured.mp4"), n -> { });
    double cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
    double thread = (threads.getCurrentThreadCpuTime() - threadBefore) / 1e9;
    double wall = (System.nanoTime() - wallBefore) / 1e9;
    if (cpu - thread > thread / 2) {
      throw new IllegalStateException(String.format("the process used %.2f s of CPU but the render thread only %.2f s:"
          + " the encoder ran on other threads, so the render thread's time would understate the work", cpu, thread));
    }
    return new Result(seconds / thread, seconds, thread, cpu, wall);
  }

  private static ClipRenderer.Clip clip(BufferedImage start, BufferedImage end, int seconds) {
    return new ClipRenderer.Clip(start, end, 1280, 720, 24, seconds * 24, 7, 11, "bench · render speed");
  }
}
