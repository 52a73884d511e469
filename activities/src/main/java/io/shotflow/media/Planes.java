package io.shotflow.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * A picture in native memory as swscale reads or writes it: one pointer and line size per plane, a pixel format and
 * a size. {@link #crop} returns a view of a rectangle without copying.
 */
public record Planes(int format, int width, int height, BytePointer[] data, int[] lineSizes) {

  /**
   * Extra bytes to allocate after a packed BGR picture that swscale writes: its SIMD RGB writers store whole blocks
   * and run up to 16 pixels past the end of the last row (measured with FFmpeg 7.1; planar YUV writers stay inside).
   */
  public static final int BGR_WRITE_PADDING = 64 * 3;

  public static Planes of(AVFrame frame) {
    List<BytePointer> data = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < 4 && frame.data(i) != null && !frame.data(i).isNull(); i++) {
      data.add(frame.data(i));
      sizes.add(frame.linesize(i));
    }
    return new Planes(frame.format(), frame.width(), frame.height(),
        data.toArray(BytePointer[]::new), sizes.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Packed BGR24 rows of {@code stride} bytes starting at {@code base}. */
  public static Planes bgr(BytePointer base, int width, int height, int stride) {
    return new Planes(AV_PIX_FMT_BGR24, width, height, new BytePointer[] {base}, new int[] {stride});
  }

  /** A view of the rectangle; BGR24 and YUV444P at any position, YUV420P at even coordinates and sizes. */
  public Planes crop(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
      throw new IllegalArgumentException("crop " + x + "," + y + " " + w + "x" + h + " outside " + width + "x" + height);
    }
    if (format == AV_PIX_FMT_BGR24) {
      return new Planes(format, w, h, new BytePointer[] {offset(data[0], (long) y * lineSizes[0] + 3L * x)}, lineSizes);
    }
    if (format == AV_PIX_FMT_YUV444P) {
      return new Planes(format, w, h, new BytePointer[] {
          offset(data[0], (long) y * lineSizes[0] + x),
          offset(data[1], (long) y * lineSizes[1] + x),
          offset(data[2], (long) y * lineSizes[2] + x)}, lineSizes);
    }
    if (format == AV_PIX_FMT_YUV420P) {
      if (((x | y | w | h) & 1) != 0) {
        throw new IllegalArgumentException("YUV420P crops need even coordinates and sizes");
      }
      return new Planes(format, w, h, new BytePointer[] {
          offset(data[0], (long) y * lineSizes[0] + x),
          offset(data[1], (long) (y / 2) * lineSizes[1] + x / 2),
          offset(data[2], (long) (y / 2) * lineSizes[2] + x / 2)}, lineSizes);
    }
    throw new IllegalArgumentException("crop of pixel format " + format + " is not supported");
  }

  private static BytePointer offset(BytePointer base, long bytes) {
    return new BytePointer(base).position(base.position() + bytes);
  }
}
