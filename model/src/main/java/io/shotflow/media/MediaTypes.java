package io.shotflow.media;

import java.util.Locale;
import java.util.Map;

/** The media types Shotflow stores, keyed by file extension. */
public final class MediaTypes {

  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("mp4", "video/mp4"),
      Map.entry("mov", "video/quicktime"),
      Map.entry("wav", "audio/wav"),
      Map.entry("mp3", "audio/mpeg"),
      Map.entry("m4a", "audio/mp4"),
      Map.entry("aac", "audio/aac"),
      Map.entry("json", "application/json"),
      Map.entry("otio", "application/vnd.opentimelineio+json"),
      Map.entry("edl", "text/plain"),
      Map.entry("fcpxml", "application/xml"));

  private MediaTypes() {}

  public static String forFileName(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return BY_EXTENSION.getOrDefault(ext, "application/octet-stream");
  }

  /** The extension to store a file of this media type under; "bin" when unknown. */
  public static String extensionFor(String contentType) {
    String base = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    return switch (base) {
      case "image/jpeg" -> "jpg";
      case "audio/x-wav", "audio/wave", "audio/vnd.wave" -> "wav";
      default -> BY_EXTENSION.entrySet().stream()
          .filter(e -> e.getValue().equals(base))
          .map(Map.Entry::getKey)
          .sorted()
          .findFirst()
          .orElse("bin");
    };
  }
}
