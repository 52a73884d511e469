package io.shotflow.activities.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * One video frame in the encoder's own layout (planar YUV 4:2:0, tightly packed, native memory), so frames go to
 * the H.264 encoder without another conversion. Width and height are even.
 */
public final class Yuv420Frame implements AutoCloseable {

  private static final byte BLACK_Y = 16;
  private static final byte NEUTRAL_CHROMA = (byte) 128;

  private final int width;
  private final int height;
  private final BytePointer data;
  private final ByteBuffer buffer;
  private final Planes planes;

  public Yuv420Frame(int width, int height) {
    if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0) {
      throw new IllegalArgumentException("frame size must be positive and even, got " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
    this.data = new BytePointer(byteSize(width, height));
    this.buffer = data.asBuffer();
    this.planes = Planes.planar(AV_PIX_FMT_YUV420P, data, width, height);
  }

  public static long byteSize(int width, int height) {
    return (long) width * height * 3 / 2;
  }

  public Planes planes() {
    return planes;
  }

  /** A view of an even-aligned rectangle. */
  public Planes region(Rectangle r) {
    return planes().crop(r.x, r.y, r.width, r.height);
  }

  public void fillBlack() {
    long luma = (long) width * height;
    Pointer.memset(new BytePointer(data), BLACK_Y, luma);
    Pointer.memset(new BytePointer(data).position(luma), NEUTRAL_CHROMA, luma / 2);
  }

  /** Copies the whole picture into {@code target} (at least {@link #byteSize} long). */
  public void copyTo(byte[] target) {
    buffer.get(0, target, 0, (int) byteSize(width, height));
  }

  public void copyFrom(byte[] source) {
    buffer.put(0, source, 0, (int) byteSize(width, height));
  }

  /**
   * Copies the even-aligned rectangle {@code to} (in this frame) from {@code source}, where it starts at
   * ({@code fromX}, {@code fromY}).
   */
  public void copyRect(Yuv420Frame source, int fromX, int fromY, Rectangle to) {
    copyPlane(source, 0, source.width, fromX, fromY, 0, width, to.x, to.y, to.width, to.height);
    long srcLuma = (long) source.width * source.height;
    long luma = (long) width * height;
    for (long[] offsets : new long[][] {{srcLuma, luma}, {srcLuma + srcLuma / 4, luma + luma / 4}}) {
      copyPlane(source, offsets[0], source.width / 2, fromX / 2, fromY / 2,
          offsets[1], width / 2, to.x / 2, to.y / 2, to.width / 2, to.height / 2);
    }
  }

  private void copyPlane(Yuv420Frame source, long srcBase, int srcStride, int srcX, int srcY,
      long dstBase, int dstStride, int dstX, int dstY, int w, int rows) {
    for (int row = 0; row < rows; row++) {
      int from = (int) (srcBase + (long) (srcY + row) * srcStride + srcX);
      int to = (int) (dstBase + (long) (dstY + row) * dstStride + dstX);
      buffer.put(to, source.buffer, from, w);
    }
  }

  /** A copy of the picture scaled to {@code w × h}, as a Java2D image (for thumbnails and stills). */
  public BufferedImage toImage(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    try (BytePointer bgr = new BytePointer((long) pixels.length + Planes.BGR_WRITE_PADDING);
        Scaler scaler = new Scaler(SWS_BICUBIC)) {
      scaler.scale(planes(), Planes.bgr(bgr, w, h, w * 3));
      bgr.get(pixels);
    }
    return image;
  }

  public void record(FFmpegFrameRecorder recorder) throws FFmpegFrameRecorder.Exception {
    recorder.recordImage(width, height, Frame.DEPTH_UBYTE, 1, width, AV_PIX_FMT_YUV420P, buffer);
  }

  @Override
  public void close() {
    data.close();
  }
}
