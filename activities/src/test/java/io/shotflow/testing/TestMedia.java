package io.shotflow.testing;

import io.shotflow.activities.media.Ffmpeg;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Test inputs made in Java and helpers that decode real files. */
public final class TestMedia {

  private TestMedia() {}

  /** A diagonal two-colour gradient with a bright disc; distinct colours tell start and end frames apart. */
  public static BufferedImage picture(int width, int height, Color from, Color to) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, from, width, height, to));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.WHITE);
    g.fillOval(width / 3, height / 3, width / 4, height / 4);
    g.dispose();
    return image;
  }

  public static Path png(Path file, BufferedImage image) throws IOException {
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  public static Path jpg(Path file, BufferedImage image) throws IOException {
    ImageIO.write(image, "jpg", file.toFile());
    return file;
  }

  /** 16-bit PCM WAV: a tone whose loudness pulses (speech-like on/off) so the mouth has something to follow. */
  public static Path wav(Path file, double seconds, int sampleRate, int channels) throws IOException {
    return wav(file, seconds, sampleRate, channels, 0.6);
  }

  /** As {@link #wav(Path, double, int, int)} with the tone's peak at {@code amplitude} of full scale. */
  public static Path wav(Path file, double seconds, int sampleRate, int channels, double amplitude) throws IOException {
    return wav(file, seconds, sampleRate, channels, amplitude, 0);
  }

  /**
   * As {@link #wav(Path, double, int, int, double)} plus a 1 ms click of {@code clickAmplitude} every 0.3 s (plosives
   * far above the speech: a high crest factor).
   */
  public static Path wav(Path file, double seconds, int sampleRate, int channels, double amplitude,
      double clickAmplitude) throws IOException {
    int frames = (int) Math.round(seconds * sampleRate);
    ByteBuffer pcm = ByteBuffer.allocate(frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < frames; i++) {
      double t = i / (double) sampleRate;
      double envelope = Math.max(0, Math.sin(2 * Math.PI * 2.5 * t));
      double click = (i % (int) (0.3 * sampleRate)) < sampleRate / 1000 ? clickAmplitude : 0;
      short v = (short) ((envelope * amplitude * Math.sin(2 * Math.PI * 220 * t) + click) * Short.MAX_VALUE);
      for (int c = 0; c < channels; c++) {
        pcm.putShort(v);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes()).putInt(36 + pcm.capacity()).put("WAVE".getBytes());
    header.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(sampleRate)
        .putInt(sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
    header.put("data".getBytes()).putInt(pcm.capacity());
    out.write(header.array());
    out.write(pcm.array());
    Files.write(file, out.toByteArray());
    return file;
  }

  /** Every decoded video frame as an image (fine for short, small test clips). */
  public static List<BufferedImage> frames(Path video) throws IOException {
    Ffmpeg.init();
    List<BufferedImage> frames = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      grabber.start();
      for (Frame f; (f = grabber.grabImage()) != null; ) {
        frames.add(copy(converter.convert(f)));
      }
    }
    return frames;
  }

  /** Mean absolute difference per channel (0..255) between two images of the same size. */
  public static double meanDifference(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      throw new IllegalArgumentException("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " vs "
          + b.getWidth() + "x" + b.getHeight());
    }
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        sum += Math.abs((p >> 16 & 0xff) - (q >> 16 & 0xff)) + Math.abs((p >> 8 & 0xff) - (q >> 8 & 0xff))
            + Math.abs((p & 0xff) - (q & 0xff));
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  public static BufferedImage copy(BufferedImage image) {
    BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = copy.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return copy;
  }
}
