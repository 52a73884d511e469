package io.shotflow.emulator;

import io.shotflow.provider.local.ClipRenderer;
import io.shotflow.provider.local.KeyframeRenderer;
import io.shotflow.provider.local.LipSyncRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
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
 * input image (to the end image), lip-synced MP4s. Inputs arrive the way providers take them: an http(s) URL the
 * emulator downloads, or raw base64. Outputs are files in the emulator's folder, served under {@code /files/}.
 */
public final class EmulatorMedia {

  private final Path folder;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
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
        HttpResponse<byte[]> response = http.send(
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

  private static int even(double v) {
    return Math.max(2, ((int) Math.round(v)) & ~1);
  }
}
