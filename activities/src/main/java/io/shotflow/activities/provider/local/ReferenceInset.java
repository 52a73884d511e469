package io.shotflow.activities.provider.local;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The local animatic's stand-in for reference conditioning: the shot's character references drawn as small framed
 * thumbnails in a column at the right edge of the frame, under the band where a lip-sync caption goes, so a viewer
 * sees which characters a keyframe or clip was made with.
 */
final class ReferenceInset {

  private final List<BufferedImage> references;

  ReferenceInset(List<BufferedImage> references) {
    this.references = List.copyOf(references);
  }

  boolean isEmpty() {
    return references.isEmpty();
  }

  /** The part of a {@code w}×{@code h} frame the thumbnails take. */
  Rectangle region(int w, int h) {
    int margin = Math.max(4, h / 36);
    int thumbH = thumbHeight(h);
    int thumbW = thumbH * 4 / 5;
    int top = margin + Math.max(16, h / 5) + margin;
    int height = Math.min(h - top - margin, references.size() * (thumbH + margin));
    return new Rectangle(w - margin - thumbW, top, thumbW, Math.max(2, height));
  }

  /**
   * {@link #region} widened by a margin on the left, top and bottom: in a clip the camera moves the inset a keyframe
   * already carries, so the clip's own inset covers that area with a plain panel first ({@link #drawBacked}).
   */
  Rectangle backedRegion(int w, int h) {
    Rectangle r = region(w, h);
    int pad = Math.max(8, h / 12);
    int x = Math.max(0, r.x - pad);
    int y = Math.max(0, r.y - pad);
    int bottom = Math.min(h, r.y + r.height + pad);
    return new Rectangle(x, y, w - x, bottom - y);
  }

  /** A plain panel over {@code backed} ({@link #backedRegion}), then the thumbnails where {@link #region} puts them. */
  void drawBacked(Graphics2D g, Rectangle backed, int w, int h) {
    g.setColor(new Color(20, 20, 26));
    g.fillRect(0, 0, backed.width, backed.height);
    Rectangle r = region(w, h);
    g.translate(r.x - backed.x, r.y - backed.y);
    draw(g, r, h);
  }

  /** Draws the thumbnails with {@code g}'s origin at the region's top-left corner. */
  void draw(Graphics2D g, Rectangle region, int frameHeight) {
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    int margin = Math.max(4, frameHeight / 36);
    int thumbH = thumbHeight(frameHeight);
    int thumbW = region.width;
    for (int i = 0; i < references.size(); i++) {
      int y = i * (thumbH + margin);
      if (y + thumbH > region.height) {
        break;
      }
      drawCover(g, references.get(i), 0, y, thumbW, thumbH);
      g.setStroke(new BasicStroke(Math.max(1.5f, frameHeight / 240f)));
      g.setColor(new Color(255, 214, 90));
      g.draw(new RoundRectangle2D.Double(1, y + 1, thumbW - 2, thumbH - 2, 6, 6));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(8, thumbH / 8)));
      g.setColor(new Color(10, 10, 14, 190));
      int labelH = g.getFontMetrics().getHeight();
      g.fillRect(2, y + thumbH - labelH - 2, thumbW - 4, labelH);
      g.setColor(Color.WHITE);
      g.drawString("REF " + (i + 1), 5, y + thumbH - 4 - g.getFontMetrics().getDescent());
    }
  }

  private static int thumbHeight(int frameHeight) {
    return Math.max(16, frameHeight / 5);
  }

  /** {@code image} scaled to cover the box, centred and cropped. */
  private static void drawCover(Graphics2D g, BufferedImage image, int x, int y, int w, int h) {
    double scale = Math.max(w / (double) image.getWidth(), h / (double) image.getHeight());
    int sw = (int) Math.round(w / scale);
    int sh = (int) Math.round(h / scale);
    int sx = (image.getWidth() - sw) / 2;
    int sy = (image.getHeight() - sh) / 2;
    g.drawImage(image, x, y, x + w, y + h, sx, sy, sx + sw, sy + sh, null);
  }
}
