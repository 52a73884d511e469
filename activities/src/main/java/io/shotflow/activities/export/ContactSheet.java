package io.shotflow.activities.export;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** {@code contact-sheet.png}: a grid with a middle frame of every shot, labelled with its id, timecode and prompt. */
public final class ContactSheet {

  /** One cell: the shot, where it starts in the cut and its picture (any size; it is scaled to fit). */
  public record Entry(Cut.Shot shot, BufferedImage frame) {}

  private static final int THUMB_LONG_SIDE = 384;
  private static final int GAP = 24;
  private static final int LABEL_HEIGHT = 92;
  private static final int HEADER_HEIGHT = 84;

  private ContactSheet() {}

  /** Thumbnail size for a frame size: the long side is {@value #THUMB_LONG_SIDE} px, both sides even. */
  public static int[] thumbnailSize(int width, int height) {
    double scale = THUMB_LONG_SIDE / (double) Math.max(width, height);
    return new int[] {(int) Math.round(width * scale / 2) * 2, (int) Math.round(height * scale / 2) * 2};
  }

  public static void write(Cut cut, List<Entry> entries, Path png) throws IOException {
    int[] thumb = thumbnailSize(cut.width(), cut.height());
    int columns = Math.max(1, Math.min(entries.size(), thumb[0] >= thumb[1] ? 4 : 6));
    int rows = Math.max(1, (entries.size() + columns - 1) / columns);
    int width = GAP + columns * (thumb[0] + GAP);
    int height = HEADER_HEIGHT + rows * (thumb[1] + LABEL_HEIGHT + GAP) + GAP;
    BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setColor(new Color(22, 22, 28));
      g.fillRect(0, 0, width, height);
      header(g, cut, entries.size());
      for (int i = 0; i < entries.size(); i++) {
        int x = GAP + (i % columns) * (thumb[0] + GAP);
        int y = HEADER_HEIGHT + (i / columns) * (thumb[1] + LABEL_HEIGHT + GAP);
        cell(g, cut, entries.get(i), x, y, thumb[0], thumb[1]);
      }
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(sheet, "png", png.toFile())) {
      throw new IOException("no PNG writer available");
    }
  }

  private static void header(Graphics2D g, Cut cut, int shots) {
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 30));
    g.drawString(cut.title() == null ? "" : cut.title(), GAP, 44);
    g.setColor(new Color(170, 170, 185));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
    g.drawString(String.format("%d shot%s · %s · %dx%d @ %d fps", shots, shots == 1 ? "" : "s",
        Timecode.of(cut.totalFrames(), cut.fps()), cut.width(), cut.height(), cut.fps()), GAP, 70);
  }

  private static void cell(Graphics2D g, Cut cut, Entry entry, int x, int y, int w, int h) {
    g.drawImage(entry.frame(), x, y, w, h, null);
    g.setColor(new Color(255, 255, 255, 60));
    g.setStroke(new BasicStroke(1f));
    g.drawRect(x, y, w - 1, h - 1);
    Cut.Shot shot = entry.shot();
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
    g.setColor(Color.WHITE);
    g.drawString(shot.id(), x, y + h + 24);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.setColor(new Color(150, 200, 255));
    String range = Timecode.of(shot.startFrame(), cut.fps()) + " · " + shot.frames() / cut.fps() + " s";
    FontMetrics fm = g.getFontMetrics();
    g.drawString(range, x + w - fm.stringWidth(range), y + h + 24);
    g.setColor(new Color(200, 200, 210));
    int line = 0;
    for (String text : wrap(shot.prompt() == null ? "" : shot.prompt(), fm, w, 3)) {
      g.drawString(text, x, y + h + 44 + line++ * 17);
    }
  }

  private static List<String> wrap(String text, FontMetrics fm, int width, int maxLines) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.strip().split("\\s+")) {
      String candidate = line.isEmpty() ? word : line + " " + word;
      if (fm.stringWidth(candidate) > width && !line.isEmpty()) {
        lines.add(line.toString());
        line.setLength(0);
        line.append(word);
      } else {
        line.setLength(0);
        line.append(candidate);
      }
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    if (lines.size() > maxLines) {
      lines = new ArrayList<>(lines.subList(0, maxLines));
      String last = lines.get(maxLines - 1);
      while (!last.isEmpty() && fm.stringWidth(last + "…") > width) {
        last = last.substring(0, last.length() - 1);
      }
      lines.set(maxLines - 1, last + "…");
    }
    return lines;
  }
}
