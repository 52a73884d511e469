package io.shotflow.emulator.common;

import io.shotflow.activities.media.LastFrame;
import io.shotflow.activities.media.MediaProbe;
import io.shotflow.activities.media.SequenceWriter;
import io.shotflow.media.VideoFormat;
import io.shotflow.activities.provider.local.ClipRenderer;
import io.shotflow.activities.provider.local.KeyframeRenderer;
import io.shotflow.activities.provider.local.LipSyncRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * Real media for the emulators, made by the local provider's renderers: keyframe PNGs, clips that move from the
 * input image (to the end image), extended videos, lip-synced MP4s (from audio or from a line of text). Inputs arrive the way providers take them: an http(s) URL the
 * emulator downloads, or raw base64. Outputs are files in the emulator's folder, served under {@code /files/}.
 */
public final class EmulatorMedia {

  private final Path folder;
  private final KeyframeRenderer keyframes = new KeyframeRenderer();
  private final ClipRenderer clips = new ClipRenderer();
  private final LipSyncRenderer lipSync = new LipSyncRenderer();

  public EmulatorMedia(Path folder) throws IOException {
    this.folder = Files.createDirectories(folder);
  }

  public Path folder() {
    return folder;
  }

  /** The file served as {@code /files/<name>}, or null for a name that is not a plain file name. */
  public Path file(String name) {
    if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      return null;
    }
    return folder.resolve(name);
  }

  public String keyframe(String label, String prompt, int width, int height) throws IOException {
    String name = UUID.randomUUID() + ".png";
    keyframes.renderPng(label, prompt, KeyframeRenderer.Which.START, 1, width, height, folder.resolve(name));
    return name;
  }

  /** A clip of {@code seconds} at {@code fps}, sized like the start image (even sides, long side at most {@code maxLongSide}). */
  public String clip(BufferedImage start, BufferedImage end, int seconds, int fps, int maxLongSide, String label)
      throws IOException {
    double scale = Math.min(1.0, maxLongSide / (double) Math.max(start.getWidth(), start.getHeight()));
    int w = even(start.getWidth() * scale);
    int h = even(start.getHeight() * scale);
    String name = UUID.randomUUID() + ".mp4";
    clips.render(new ClipRenderer.Clip(start, end, w, h, fps, seconds * fps, name.hashCode(), label.hashCode(), label),
        folder.resolve(name), n -> {});
    return name;
  }

  /** What a media input holds (its length, streams), read from a temporary copy. */
  public MediaProbe.Info probe(byte[] data, String extension) throws IOException {
    Path in = Files.createTempFile(folder, ".probe-", "." + extension);
    try {
      Files.write(in, data);
      return MediaProbe.probe(in);
    } finally {
      Files.deleteIfExists(in);
    }
  }

  public String lipSync(byte[] video, byte[] audio, String audioExtension) throws IOException {
    Path videoIn = Files.createTempFile(folder, ".in-", ".mp4");
    Path audioIn = Files.createTempFile(folder, ".in-", "." + audioExtension);
    try {
      Files.write(videoIn, video);
      Files.write(audioIn, audio);
      String name = UUID.randomUUID() + ".mp4";
      lipSync.render(videoIn, audioIn, folder.resolve(name), n -> {});
      return name;
    } finally {
      Files.deleteIfExists(videoIn);
      Files.deleteIfExists(audioIn);
    }
  }

  /**
   * A video-extend: {@code source} followed by a continuation of {@code seconds} that starts on its last frame, as one
   * video at the source's size and frame rate (Kling answers with the whole extended video).
   */
  public String extend(Path source, int seconds, String label) throws IOException {
    MediaProbe.Info info = MediaProbe.probe(source);
    int fps = (int) Math.round(info.fps());
    BufferedImage last = LastFrame.of(source);
    Path continuation = folder.resolve(clip(last, null, seconds, fps, Math.max(info.width(), info.height()), label));
    String name = UUID.randomUUID() + ".mp4";
    try (SequenceWriter writer = new SequenceWriter(folder.resolve(name), new VideoFormat(info.width(), info.height(), fps),
        false)) {
      writer.append(source, info.frames(), (i, frame) -> { });
      writer.append(continuation, seconds * fps, (i, frame) -> { });
    } finally {
      Files.deleteIfExists(continuation);
    }
    return name;
  }

  /** A text-driven lip-sync of {@code video}: the line as a caption, spoken by a synthetic voice at {@code speed}. */
  public String textLipSync(byte[] video, String text, double speed) throws IOException {
    Path videoIn = Files.createTempFile(folder, ".in-", ".mp4");
    try {
      Files.write(videoIn, video);
      String name = UUID.randomUUID() + ".mp4";
      lipSync.renderText(videoIn, text, speed, folder.resolve(name), n -> {});
      return name;
    } finally {
      Files.deleteIfExists(videoIn);
    }
  }

  /** The bytes of an input given as an http(s) URL, a {@code data:} URI, or raw base64. */
  public byte[] fetch(String urlOrBase64) throws IOException {
    if (urlOrBase64.startsWith("data:")) {
      int comma = urlOrBase64.indexOf(',');
      if (comma < 0 || !urlOrBase64.substring(0, comma).endsWith(";base64")) {
        throw new IOException("only base64 data URIs are supported");
      }
      return fetch(urlOrBase64.substring(comma + 1));
    }
    if (urlOrBase64.startsWith("http://") || urlOrBase64.startsWith("https://")) {
      try {
        HttpResponse<byte[]> response = EmulatorHttp.CLIENT.send(
            HttpRequest.newBuilder(URI.create(urlOrBase64)).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
          throw new IOException("input " + urlOrBase64 + " answered HTTP " + response.statusCode());
        }
        return response.body();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while fetching " + urlOrBase64, e);
      }
    }
    try {
      return Base64.getDecoder().decode(urlOrBase64);
    } catch (IllegalArgumentException e) {
      throw new IOException("input is neither an http(s) URL nor base64");
    }
  }

  public BufferedImage image(String urlOrBase64) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(fetch(urlOrBase64)));
    if (image == null) {
      throw new IOException("input image is not a readable jpg/png");
    }
    return image;
  }

  /**
   * The file extension of an audio input: from a {@code data:} URI's media type, else from the URL's path, else
   * {@code wav} (raw base64 says nothing).
   */
  public static String audioExtension(String urlOrBase64) {
    if (urlOrBase64.startsWith("data:")) {
      int end = urlOrBase64.indexOf(';');
      return switch (end < 0 ? "" : urlOrBase64.substring(5, end)) {
        case "audio/mpeg" -> "mp3";
        case "audio/mp4", "audio/x-m4a" -> "m4a";
        case "audio/aac" -> "aac";
        default -> "wav";
      };
    }
    if (urlOrBase64.startsWith("http://") || urlOrBase64.startsWith("https://")) {
      String path = URI.create(urlOrBase64).getPath();
      int dot = path.lastIndexOf('.');
      return dot < 0 || dot < path.lastIndexOf('/') ? "wav" : path.substring(dot + 1);
    }
    return "wav";
  }

  private static int even(double v) {
    return Math.max(2, ((int) Math.round(v)) & ~1);
  }
}
