package io.shotflow.activities.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;

import java.awt.image.BufferedImage;
import org.bytedeco.javacpp.BytePointer;

/**
 * A still prepared for camera moves: scaled to the frame size once, stored as planar YUV 4:4:4 in native memory so
 * that every per-frame crop can start at any pixel and swscale only resamples (no colour conversion per frame).
 */
public final class StillImage implements AutoCloseable {

  private final int width;
  private final int height;
  private final BytePointer data;

  private StillImage(int width, int height) {
    this.width = width;
    this.height = height;
    this.data = new BytePointer((long) width * height * 3);
  }

  /** The picture scaled to fill {@code width × height}, the overflow cut off equally on both sides. */
  public static StillImage cover(BufferedImage picture, int width, int height) {
    StillImage still = new StillImage(width, height);
    try (BgrImage bgr = BgrImage.cover(picture, width, height); Scaler scaler = new Scaler()) {
      scaler.scale(bgr.planes(), still.planes());
    }
    return still;
  }

  public Planes planes() {
    return Planes.planar(AV_PIX_FMT_YUV444P, data, width, height);
  }

  @Override
  public void close() {
    data.close();
  }
}
