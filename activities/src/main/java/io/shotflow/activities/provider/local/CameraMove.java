package io.shotflow.activities.provider.local;

import java.awt.Rectangle;
import java.util.Random;

/**
 * A virtual camera over a still: a slow push-in with a drift, expressed as the crop of the picture that fills the
 * frame. Zoom grows exponentially (constant perceived speed, so an extend that continues from the last frame keeps
 * the pace); the drift never leaves the picture.
 */
record CameraMove(double zoom, double panX, double panY) {

  /**
   * A push-in of 6–14 % over the clip with a drift: the drift's direction from one seed, the pace (zoom and drift
   * amount) from another, so clips that share a direction seed (a clip and its extends) keep heading the same way
   * while their prompts set the pace.
   */
  static CameraMove from(long directionSeed, long paceSeed) {
    double angle = new Random(directionSeed).nextDouble() * Math.PI * 2;
    Random pace = new Random(paceSeed);
    double zoom = 0.06 + pace.nextDouble() * 0.08;
    double amount = 0.3 + pace.nextDouble() * 0.5;
    return new CameraMove(zoom, Math.cos(angle) * amount, Math.sin(angle) * amount);
  }

  /** The crop at progress {@code p} (0..1) of a push-in that starts on the full picture. */
  Rectangle pushIn(double p, int width, int height) {
    return crop(Math.pow(1 + zoom, p), 1, width, height);
  }

  /** The crop at progress {@code p} of a move that settles on the full picture at the end (for end frames). */
  Rectangle settle(double p, int width, int height) {
    return crop(Math.pow(1 + zoom * 0.7, 1 - p), -1, width, height);
  }

  /** {@code direction} +1 drifts away from the centre as the crop shrinks, -1 arrives at it from the other side. */
  private Rectangle crop(double scale, int direction, int width, int height) {
    int w = Math.min(width, (int) Math.round(width / scale));
    int h = Math.min(height, (int) Math.round(height / scale));
    double marginX = (width - w) / 2.0;
    double marginY = (height - h) / 2.0;
    int x = clamp((int) Math.round(marginX + direction * panX * marginX), width - w);
    int y = clamp((int) Math.round(marginY + direction * panY * marginY), height - h);
    return new Rectangle(x, y, w, h);
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}
