package io.shotflow.activities.provider.local;

import static org.bytedeco.ffmpeg.global.swscale.SWS_FAST_BILINEAR;

import io.shotflow.activities.media.Ffmpeg;
import io.shotflow.activities.media.FrameBlender;
import io.shotflow.activities.media.Planes;
import io.shotflow.activities.media.RegionPainter;
import io.shotflow.activities.media.Scaler;
import io.shotflow.activities.media.StillImage;
import io.shotflow.activities.media.Yuv420Frame;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.List;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * Animatic clips for the local provider: H.264 MP4 of exactly {@code frames} frames that move from the start frame to
 * the end frame with an eased cross-dissolve under a slow push-in with drift, plus a small burnt-in slate in the
 * middle part of the clip only ({@link #slated}): the first and last frames stay clean, because the last frame is
 * what an extend continues from and what a later shot starts on, and a label there would ghost into them.
 * Without an end frame the camera moves over the start frame alone; an extend is the same with the previous clip's
 * last frame as start, so the motion carries on from where it stopped.
 *
 * <p>Every frame is built in the encoder's YUV 4:2:0 layout: swscale crops and scales the pre-scaled stills
 * (the camera; fast bilinear, since it only ever enlarges a crop slightly), {@link FrameBlender} dissolves the two
 * stills, Java2D draws the slate on its own small region. The dissolve's byte blend is the only full-frame work in
 * Java and nothing is converted twice; at 720p the H.264 encoder is most of the cost (about 70%).
 */
public final class ClipRenderer {

  /** The dissolve runs over this middle part of the clip; the ends hold the start and end frames. */
  private static final double DISSOLVE_FROM = 0.25;
  private static final double DISSOLVE_TO = 0.75;
  /** The share of the clip at each end that is left without the slate. */
  static final double CLEAN_PART = 0.1;

  /**
   * What to render. {@code end} may be null. {@code directionSeed} and {@code paceSeed} pick the camera move (see
   * {@link CameraMove#from(long, long)}); {@code label} goes on the slate. {@code references} (the shot's characters)
   * are drawn as an inset ({@link ReferenceInset}) on the frames that carry the slate; {@code sound} non-null gives
   * the clip a sound track of its own (native audio): its line, or null for room tone alone.
   */
  public record Clip(BufferedImage start, BufferedImage end, int width, int height, int fps, int frames,
      long directionSeed, long paceSeed, String label, List<BufferedImage> references, Sound sound) {

    public Clip(BufferedImage start, BufferedImage end, int width, int height, int fps, int frames,
        long directionSeed, long paceSeed, String label) {
      this(start, end, width, height, fps, frames, directionSeed, paceSeed, label, List.of(), null);
    }

    public Clip {
      references = references == null ? List.of() : List.copyOf(references);
      if (start == null) {
        throw new IllegalArgumentException("a clip needs a start frame");
      }
      if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0) {
        throw new IllegalArgumentException("clip size must be positive and even, got " + width + "x" + height);
      }
      if (fps <= 0 || frames <= 0) {
        throw new IllegalArgumentException("clip needs fps > 0 and frames > 0");
      }
    }
  }

  /** A native sound track: {@code line} spoken (null: none) at {@code speed} over room tone. */
  public record Sound(String line, double speed) {}

  private static final int CHANNELS = 2;

  /** Writes the clip to {@code out} (an .mp4 path); {@code progress} receives the count of frames written. */
  public void render(Clip clip, Path out, IntConsumer progress) throws IOException {
    int w = clip.width();
    int h = clip.height();
    CameraMove move = CameraMove.from(clip.directionSeed(), clip.paceSeed());
    ReferenceInset inset = new ReferenceInset(clip.references());
    try (StillImage start = StillImage.cover(clip.start(), w, h);
        StillImage end = clip.end() == null ? null : StillImage.cover(clip.end(), w, h);
        Yuv420Frame frame = new Yuv420Frame(w, h);
        Yuv420Frame overlay = new Yuv420Frame(w, h);
        Scaler startCamera = new Scaler(SWS_FAST_BILINEAR);
        Scaler endCamera = new Scaler(SWS_FAST_BILINEAR);
        Slate slate = new Slate(clip.label(), w, h, clip.fps());
        RegionPainter insetPainter = inset.isEmpty() ? null : new RegionPainter(inset.backedRegion(w, h), w, h);
        FFmpegFrameRecorder recorder = Ffmpeg.mp4Recorder(out, w, h, clip.fps(), clip.sound() == null ? 0 : CHANNELS)) {
      recorder.start();
      NativeSound sound = clip.sound() == null ? null
          : new NativeSound(clip.sound().line(), clip.sound().speed(), CHANNELS, Ffmpeg.SAMPLE_RATE / clip.fps() + 2);
      float[] samples = sound == null ? null : new float[(Ffmpeg.SAMPLE_RATE / clip.fps() + 2) * CHANNELS];
      FrameBlender blender = new FrameBlender(w, h);
      Planes startPlanes = start.planes();
      Planes endPlanes = end == null ? null : end.planes();
      for (int i = 0; i < clip.frames(); i++) {
        double p = clip.frames() == 1 ? 0 : i / (clip.frames() - 1.0);
        float alpha = end == null ? 0f : dissolve(p);
        if (alpha < 1f) {
          startCamera.scale(crop(startPlanes, move.pushIn(p, w, h)), frame.planes());
        }
        if (alpha >= 1f) {
          endCamera.scale(crop(endPlanes, move.settle(p, w, h)), frame.planes());
        } else if (alpha > 0f) {
          endCamera.scale(crop(endPlanes, move.settle(p, w, h)), overlay.planes());
          blender.blend(frame, overlay, alpha);
        }
        if (slated(i, clip.frames())) {
          slate.draw(frame, i);
          if (insetPainter != null) {
            insetPainter.paint(frame, g -> inset.drawBacked(g, insetPainter.region(), w, h));
          }
        }
        frame.record(recorder);
        if (sound != null) {
          int count = (int) (sampleAt(i + 1, clip.fps()) - sampleAt(i, clip.fps()));
          sound.read(samples, count);
          recorder.recordSamples(Ffmpeg.SAMPLE_RATE, CHANNELS, FloatBuffer.wrap(samples, 0, count * CHANNELS));
        }
        progress.accept(i + 1);
      }
      recorder.stop();
    }
  }

  /**
   * Whether frame {@code i} of {@code frames} carries the slate: not in the first and last {@value #CLEAN_PART} of
   * the clip (at least one frame at each end), so the frames handed on are free of labels.
   */
  static boolean slated(int i, int frames) {
    int clean = Math.max(1, (int) Math.ceil(frames * CLEAN_PART));
    return i >= clean && i < frames - clean;
  }

  private static long sampleAt(int frame, int fps) {
    return Math.round(frame * (double) Ffmpeg.SAMPLE_RATE / fps);
  }

  /** Smoothstep over the dissolve window: 0 before it, 1 after it. */
  static float dissolve(double p) {
    double t = Math.max(0, Math.min(1, (p - DISSOLVE_FROM) / (DISSOLVE_TO - DISSOLVE_FROM)));
    return (float) (t * t * (3 - 2 * t));
  }

  private static Planes crop(Planes planes, Rectangle r) {
    return planes.crop(r.x, r.y, r.width, r.height);
  }
}
