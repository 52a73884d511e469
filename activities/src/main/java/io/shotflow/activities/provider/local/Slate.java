package io.shotflow.activities.provider.local;

import io.shotflow.activities.media.RegionPainter;
import io.shotflow.activities.export.Timecode;
import io.shotflow.activities.media.Yuv420Frame;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Rectangle;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;

/** The small burnt-in label of local clips: what the clip is and its timecode, bottom left. */
final class Slate implements AutoCloseable {

  private final String label;
  private final int fps;
  private final Font font;
  private final RegionPainter painter;
  private final int ascent;
  private final int padding;

  Slate(String label, int width, int height, int fps) {
    this.label = label;
    this.fps = fps;
    this.font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, height / 40));
    FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(font);
    this.padding = fm.getHeight() / 2;
    int textWidth = fm.stringWidth(text(0));
    int margin = Math.max(4, height / 36);
    int plateWidth = Math.min(width - 2 * margin, textWidth + 2 * padding);
    int plateHeight = fm.getHeight() + padding;
    this.ascent = fm.getAscent();
    Rectangle plate = new Rectangle(margin, height - margin - plateHeight, plateWidth, plateHeight);
    this.painter = new RegionPainter(plate, width, height);
  }

  void draw(Yuv420Frame frame, int frameIndex) {
    Rectangle r = painter.region();
    painter.paint(frame, g -> {
      g.setColor(new Color(10, 10, 14, 165));
      g.fill(new RoundRectangle2D.Double(0, 0, r.width, r.height, r.height * 0.6, r.height * 0.6));
      g.setFont(font);
      g.setColor(Color.WHITE);
      g.drawString(text(frameIndex), padding, (r.height - g.getFontMetrics().getHeight()) / 2f + ascent);
    });
  }

  private String text(int frameIndex) {
    return label + "   " + Timecode.of(frameIndex, fps);
  }

  @Override
  public void close() {
    painter.close();
  }
}
