package io.shotflow.spec;

/** Pixel size for an aspect ratio and a resolution name: the short side is 720 or 1080. */
public record FrameSize(int width, int height) {

  public static FrameSize of(String aspectRatio, String resolution) {
    int shortSide = "1080p".equals(resolution) ? 1080 : 720;
    int longSide = shortSide * 16 / 9;
    return switch (aspectRatio) {
      case "9:16" -> new FrameSize(shortSide, longSide);
      case "1:1" -> new FrameSize(shortSide, shortSide);
      default -> new FrameSize(longSide, shortSide);
    };
  }
}
