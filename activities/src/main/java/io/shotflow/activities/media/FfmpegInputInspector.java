package io.shotflow.activities.media;

import io.shotflow.media.InputInspector;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** {@link InputInspector} with ImageIO for image headers and FFmpeg (through JavaCV) for audio. */
@Singleton
public class FfmpegInputInspector implements InputInspector {

  public static final long MAX_IMAGE_BYTES = 10L * 1024 * 1024;
  public static final int MIN_IMAGE_SIDE = 300;
  public static final double MAX_ASPECT = 2.5;

  /** FFmpeg's demuxer names for the accepted dialogue containers. */
  private static final Set<String> AUDIO_FORMATS = Set.of("wav", "mp3", "aac", "mov,mp4,m4a,3gp,3g2,mj2");

  /** Problems with a keyframe image (format jpg/png, ≥300 px a side, ≤10 MB, aspect 1:2.5..2.5:1); empty when fine. */
  @Override
  public List<String> inspectImage(Path file) {
    List<String> problems = new ArrayList<>();
    try {
      if (!Files.isRegularFile(file)) {
        return List.of("the image file does not exist");
      }
      long size = Files.size(file);
      if (size > MAX_IMAGE_BYTES) {
        problems.add(String.format(Locale.ROOT, "the image is %.1f MB; at most 10 MB is allowed", size / 1048576.0));
      }
      String format = imageFormat(file);
      if (format == null) {
        problems.add("the file is not a JPEG or PNG image");
        return problems;
      }
      int[] dimensions = dimensions(file);
      if (dimensions == null) {
        problems.add("the " + format + " image cannot be decoded");
        return problems;
      }
      int w = dimensions[0];
      int h = dimensions[1];
      if (w < MIN_IMAGE_SIDE || h < MIN_IMAGE_SIDE) {
        problems.add("the image is " + w + "x" + h + " px; each side must be at least " + MIN_IMAGE_SIDE + " px");
      }
      double aspect = Math.max(w, h) / (double) Math.min(w, h);
      if (aspect > MAX_ASPECT) {
        problems.add(String.format(Locale.ROOT,
            "the image's aspect ratio %d:%d (%.2f:1) is outside 1:2.5..2.5:1", w, h, aspect));
      }
    } catch (IOException e) {
      problems.add("the image cannot be read: " + e.getMessage());
    }
    return problems;
  }

  /** Problems with dialogue audio (wav/mp3/m4a/aac, duration within [minSeconds, maxSeconds]); empty when fine. */
  @Override
  public List<String> inspectAudio(Path file, double minSeconds, double maxSeconds) {
    if (!Files.isRegularFile(file)) {
      return List.of("the audio file does not exist");
    }
    try (FFmpegFrameGrabber grabber = Ffmpeg.audioGrabber(file, 1)) {
      if (!AUDIO_FORMATS.contains(grabber.getFormat())) {
        return List.of("the file is not WAV, MP3, M4A or AAC audio (found " + grabber.getFormat() + ")");
      }
      if (!grabber.hasAudio()) {
        return List.of("the file has no audio stream");
      }
      if (grabber.grabSamples() == null) {
        return List.of("the audio cannot be decoded");
      }
    } catch (MediaInputException e) {
      return List.of("the file is not WAV, MP3, M4A or AAC audio");
    } catch (IOException e) {
      return List.of("the audio cannot be decoded: " + e.getMessage());
    }
    try {
      double seconds = MediaProbe.probe(file).audioDurationSeconds();
      if (seconds < minSeconds || seconds > maxSeconds) {
        return List.of(String.format(Locale.ROOT, "the audio is %.1f s long; it must be %s–%s s",
            seconds, trim(minSeconds), trim(maxSeconds)));
      }
    } catch (IOException e) {
      return List.of("the audio's duration cannot be read: " + e.getMessage());
    }
    return List.of();
  }

  @Override
  public OptionalDouble audioSeconds(Path file) {
    try {
      return OptionalDouble.of(MediaProbe.probe(file).audioDurationSeconds());
    } catch (IOException | RuntimeException e) {
      return OptionalDouble.empty();
    }
  }

  /** "PNG" or "JPEG" from the file's first bytes, else null. */
  private static String imageFormat(Path file) throws IOException {
    byte[] head = new byte[8];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G'
        && head[4] == '\r' && head[5] == '\n' && head[6] == 0x1a && head[7] == '\n') {
      return "PNG";
    }
    if (n >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
      return "JPEG";
    }
    return null;
  }

  /** Width and height from the image header, without decoding the pixels; null when no reader accepts it. */
  private static int[] dimensions(Path file) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        return null;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        return new int[] {reader.getWidth(0), reader.getHeight(0)};
      } catch (IOException e) {
        return null;
      } finally {
        reader.dispose();
      }
    }
  }

  private static String trim(double seconds) {
    return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
  }
}
