package io.shotflow.activities.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * A picture in native memory as swscale reads or writes it: the address and line size of each plane, a pixel format
 * and a size. Plain numbers, so views ({@link #crop}) cost no native allocation; whoever owns the memory keeps it
 * alive while a {@code Planes} is in use.
 */
public record Planes(int format, int width, int height, long[] addresses, int[] lineSizes) {

  /**
   * Extra bytes to allocate after a packed BGR picture that swscale writes: its SIMD RGB writers store whole blocks
   * and run up to 16 pixels past the end of the last row (measured with FFmpeg 7.1; planar YUV writers stay inside).
   */
  public static final int BGR_WRITE_PADDING = 64 * 3;

  public static Planes of(AVFrame frame) {
    int planes = 0;
    while (planes < 4 && frame.data(planes) != null && !frame.data(planes).isNull()) {
      planes++;
    }
    long[] addresses = new long[planes];
    int[] sizes = new int[planes];
    for (int i = 0; i < planes; i++) {
      addresses[i] = frame.data(i).address();
      sizes[i] = frame.linesize(i);
    }
    return new Planes(frame.format(), frame.width(), frame.height(), addresses, sizes);
  }

  /** Packed BGR24 rows of {@code stride} bytes starting at {@code base}'s position. */
  public static Planes bgr(BytePointer base, int width, int height, int stride) {
    return new Planes(AV_PIX_FMT_BGR24, width, height, new long[] {address(base)}, new int[] {stride});
  }

  /** Tightly packed planar YUV (4:2:0 or 4:4:4) starting at {@code base}'s position. */
  public static Planes planar(int format, BytePointer base, int width, int height) {
    long luma = (long) width * height;
    long start = address(base);
    if (format == AV_PIX_FMT_YUV420P) {
      return new Planes(format, width, height, new long[] {start, start + luma, start + luma + luma / 4},
          new int[] {width, width / 2, width / 2});
    }
    if (format == AV_PIX_FMT_YUV444P) {
      return new Planes(format, width, height, new long[] {start, start + luma, start + 2 * luma},
          new int[] {width, width, width});
    }
    throw new IllegalArgumentException("not a planar YUV format this code lays out: " + format);
  }

  private static long address(BytePointer pointer) {
    return pointer.address() + pointer.position();
  }

  /** A view of the rectangle; BGR24 and YUV444P at any position, YUV420P at even coordinates and sizes. */
  public Planes crop(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
      throw new IllegalArgumentException(
          "crop " + x + "," + y + " " + w + "x" + h + " outside " + width + "x" + height);
    }
    if (format == AV_PIX_FMT_BGR24) {
      return new Planes(format, w, h, new long[] {addresses[0] + (long) y * lineSizes[0] + 3L * x}, lineSizes);
    }
    if (format == AV_PIX_FMT_YUV444P) {
      return new Planes(format, w, h, new long[] {
          addresses[0] + (long) y * lineSizes[0] + x,
          addresses[1] + (long) y * lineSizes[1] + x,
          addresses[2] + (long) y * lineSizes[2] + x}, lineSizes);
    }
    if (format == AV_PIX_FMT_YUV420P) {
      if (((x | y | w | h) & 1) != 0) {
        throw new IllegalArgumentException("YUV420P crops need even coordinates and sizes");
      }
      return new Planes(format, w, h, new long[] {
          addresses[0] + (long) y * lineSizes[0] + x,
          addresses[1] + (long) (y / 2) * lineSizes[1] + x / 2,
          addresses[2] + (long) (y / 2) * lineSizes[2] + x / 2}, lineSizes);
    }
    throw new IllegalArgumentException("crop of pixel format " + format + " is not supported");
  }
}
