package io.shotflow.activities.media;

import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.javacpp.BytePointer;

/** A still picture as packed BGR24 in native memory, ready for swscale. */
final class BgrImage implements AutoCloseable {

  private final int width;
  private final int height;
  private final BytePointer data;

  private BgrImage(int width, int height, BytePointer data) {
    this.width = width;
    this.height = height;
    this.data = data;
  }

  private static BgrImage of(BufferedImage image) {
    BufferedImage bgr = toBgr(image);
    byte[] pixels = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
    BytePointer data = new BytePointer(pixels.length);
    data.put(pixels);
    return new BgrImage(bgr.getWidth(), bgr.getHeight(), data);
  }

  /** The image scaled (bicubic) to fill {@code width × height}, the overflow cut off equally on both sides. */
  static BgrImage cover(BufferedImage image, int width, int height) {
    try (BgrImage source = of(image); Scaler scaler = new Scaler(SWS_BICUBIC)) {
      double scale = Math.max(width / (double) source.width, height / (double) source.height);
      int cropW = Math.min(source.width, (int) Math.round(width / scale));
      int cropH = Math.min(source.height, (int) Math.round(height / scale));
      Planes from = source.planes().crop((source.width - cropW) / 2, (source.height - cropH) / 2, cropW, cropH);
      long bytes = (long) width * height * 3 + Planes.BGR_WRITE_PADDING;
      BgrImage target = new BgrImage(width, height, new BytePointer(bytes));
      scaler.scale(from, target.planes());
      return target;
    }
  }

  /** Always a fresh copy, so the pixel array is tightly packed whatever the source raster looks like. */
  private static BufferedImage toBgr(BufferedImage image) {
    BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = bgr.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return bgr;
  }

  Planes planes() {
    return Planes.bgr(data, width, height, width * 3);
  }

  @Override
  public void close() {
    data.close();
  }
}
