package io.shotflow.activities.media;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** The last decoded frame of a video, for extend steps and {@code from} continuity. */
public final class LastFrame {

  private LastFrame() {}

  /**
   * Decodes the whole video (container durations and seek points are not exact enough to land on the last frame)
   * and keeps a copy of each frame's pixels until the next one replaces it.
   */
  public static BufferedImage of(Path video) throws IOException {
    try (FFmpegFrameGrabber grabber = Ffmpeg.videoGrabber(video)) {
      if (!grabber.hasVideo()) {
        throw new MediaInputException("no video stream in " + video.getFileName());
      }
      BufferedImage last = null;
      byte[] pixels = null;
      for (Frame frame; (frame = grabber.grabImage()) != null; ) {
        if (last == null || last.getWidth() != frame.imageWidth || last.getHeight() != frame.imageHeight) {
          last = new BufferedImage(frame.imageWidth, frame.imageHeight, BufferedImage.TYPE_3BYTE_BGR);
          pixels = ((DataBufferByte) last.getRaster().getDataBuffer()).getData();
        }
        copyRows((ByteBuffer) frame.image[0], frame.imageStride, pixels, frame.imageWidth * 3, frame.imageHeight);
      }
      if (last == null) {
        throw new MediaInputException("no decodable frame in " + video.getFileName());
      }
      return last;
    }
  }

  private static void copyRows(ByteBuffer source, int sourceStride, byte[] target, int rowBytes, int rows) {
    if (sourceStride == rowBytes) {
      source.get(0, target, 0, rowBytes * rows);
      return;
    }
    for (int y = 0; y < rows; y++) {
      source.get(y * sourceStride, target, y * rowBytes, rowBytes);
    }
  }
}
