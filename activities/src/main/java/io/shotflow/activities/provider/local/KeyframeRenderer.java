package io.shotflow.activities.provider.local;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Line2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Storyboard cards for the local provider: a colour scheme from the shot id (so a shot's frames belong together),
 * a simple landscape and subject laid out from the prompt (and variant), the prompt itself in large type, the shot
 * id and whether it is the START or END frame. The same input always gives the same pixels.
 */
public final class KeyframeRenderer {

  public enum Which { START, END }

  private static final int MAX_PROMPT_LINES = 4;
  private static final int MIN_FONT = 10;

  /** Renders the card and writes it as PNG. */
  public void renderPng(String shotId, String prompt, Which which, int variant, int width, int height, Path out)
      throws IOException {
    renderPng(shotId, prompt, which, variant, width, height, List.of(), out);
  }

  /** Renders the card with the shot's character {@code references} inset ({@link ReferenceInset}) and writes it as PNG. */
  public void renderPng(String shotId, String prompt, Which which, int variant, int width, int height,
      List<BufferedImage> references, Path out) throws IOException {
    BufferedImage card = render(shotId, prompt, which, variant, width, height);
    ReferenceInset inset = new ReferenceInset(references);
    if (!inset.isEmpty()) {
      java.awt.Rectangle region = inset.region(width, height);
      Graphics2D g = card.createGraphics();
      try {
        g.translate(region.x, region.y);
        g.clipRect(0, 0, region.width, region.height);
        inset.draw(g, region, height);
      } finally {
        g.dispose();
      }
    }
    if (!ImageIO.write(card, "png", out.toFile())) {
      throw new IOException("no PNG writer available");
    }
  }

  /** {@code variant} (1, 2, …) rearranges the scene so that the takes of one request differ. */
  public BufferedImage render(String shotId, String prompt, Which which, int variant, int width, int height) {
    if (width < 16 || height < 16) {
      throw new IllegalArgumentException("keyframe size too small: " + width + "x" + height);
    }
    String text = prompt == null || prompt.isBlank() ? "(no prompt)" : prompt.strip();
    Palette palette = Palette.forShot(shotId);
    Random scene = new Random(Seeds.of("scene", text, which.name(), Integer.toString(variant)));
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      new Card(g, width, height, palette, scene).draw(shotId, text, which);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** The shot's colours: a base hue from the shot id, with sky, ground and accent derived from it. */
  record Palette(Color skyTop, Color skyHorizon, Color far, Color near, Color ground, Color accent, Color glow) {

    static Palette forShot(String shotId) {
      Random r = new Random(Seeds.of("palette", shotId == null ? "" : shotId));
      float hue = r.nextFloat();
      float warm = hue + 0.06f + r.nextFloat() * 0.08f;
      return new Palette(
          Color.getHSBColor(hue, 0.55f, 0.20f),
          Color.getHSBColor(warm, 0.45f, 0.78f),
          Color.getHSBColor(hue + 0.02f, 0.35f, 0.46f),
          Color.getHSBColor(hue - 0.03f, 0.45f, 0.28f),
          Color.getHSBColor(hue - 0.05f, 0.50f, 0.14f),
          Color.getHSBColor(hue + 0.5f, 0.65f, 0.98f),
          Color.getHSBColor(warm + 0.04f, 0.30f, 1.0f));
    }
  }

  private static final class Card {
    private final Graphics2D g;
    private final int w;
    private final int h;
    private final double u;
    private final Palette p;
    private final Random r;
    private final double horizon;

    Card(Graphics2D g, int w, int h, Palette p, Random r) {
      this.g = g;
      this.w = w;
      this.h = h;
      this.u = Math.min(w, h) / 720.0;
      this.p = p;
      this.r = r;
      this.horizon = h * (0.52 + r.nextDouble() * 0.14);
    }

    void draw(String shotId, String prompt, Which which) {
      sky();
      sun();
      ridge(horizon - h * 0.16, h * 0.14, 9, blend(p.far(), p.skyHorizon(), 0.35f), false);
      ridge(horizon - h * 0.05, h * 0.10, 6, p.far(), true);
      ground();
      subject();
      vignette();
      promptPanel(prompt);
      header(shotId, which);
      border();
    }

    private void sky() {
      g.setPaint(new GradientPaint(0, 0, p.skyTop(), 0, (float) horizon, p.skyHorizon()));
      g.fillRect(0, 0, w, (int) Math.ceil(horizon) + 1);
      if (r.nextBoolean()) {
        g.setColor(new Color(255, 255, 255, 150));
        for (int i = 0; i < 60; i++) {
          double s = (0.8 + r.nextDouble() * 1.8) * u;
          g.fill(new Ellipse2D.Double(r.nextDouble() * w, r.nextDouble() * horizon * 0.6, s, s));
        }
      }
    }

    private void sun() {
      double radius = (40 + r.nextDouble() * 50) * u;
      double cx = w * (0.15 + r.nextDouble() * 0.7);
      double cy = horizon * (0.25 + r.nextDouble() * 0.45);
      Color glow = p.glow();
      g.setPaint(new RadialGradientPaint(new Point2D.Double(cx, cy), (float) (radius * 4.5),
          new float[] {0f, 0.25f, 1f},
          new Color[] {withAlpha(glow, 170), withAlpha(glow, 60), withAlpha(glow, 0)},
          MultipleGradientPaint.CycleMethod.NO_CYCLE));
      g.fill(new Ellipse2D.Double(cx - radius * 4.5, cy - radius * 4.5, radius * 9, radius * 9));
      g.setColor(glow);
      g.fill(new Ellipse2D.Double(cx - radius, cy - radius, radius * 2, radius * 2));
    }

    /** A mountain ridge (sharp) or rolling hills (smooth) whose base is below the horizon. */
    private void ridge(double baseline, double amplitude, int peaks, Color color, boolean smooth) {
      GeneralPath path = new GeneralPath();
      path.moveTo(0, horizon + 2);
      double step = w / (double) peaks;
      double prevX = 0;
      double prevY = baseline + amplitude * (r.nextDouble() - 0.3);
      path.lineTo(prevX, prevY);
      for (int i = 1; i <= peaks; i++) {
        double x = i * step + (r.nextDouble() - 0.5) * step * 0.4;
        double y = baseline + amplitude * (r.nextDouble() - 0.5) * 2;
        if (smooth) {
          path.quadTo((prevX + x) / 2, y - amplitude * 0.5, x, y);
        } else {
          double peakX = (prevX + x) / 2 + (r.nextDouble() - 0.5) * step * 0.3;
          path.lineTo(peakX, Math.min(prevY, y) - amplitude * (0.3 + r.nextDouble() * 0.7));
          path.lineTo(x, y);
        }
        prevX = x;
        prevY = y;
      }
      path.lineTo(w, prevY);
      path.lineTo(w, horizon + 2);
      path.closePath();
      g.setPaint(new GradientPaint(0, (float) (baseline - amplitude), color, 0, (float) horizon, p.near()));
      g.fill(path);
    }

    private void ground() {
      g.setPaint(new GradientPaint(0, (float) horizon, p.near(), 0, h, p.ground()));
      g.fillRect(0, (int) horizon, w, h - (int) horizon);
      g.setColor(withAlpha(p.glow(), 40));
      g.setStroke(new BasicStroke((float) (1.5 * u)));
      double vanishX = w * (0.3 + r.nextDouble() * 0.4);
      for (int i = -6; i <= 6; i++) {
        g.draw(new Line2D.Double(vanishX, horizon, vanishX + i * w * 0.25, h));
      }
    }

    /** One subject on a rule-of-thirds line: a monolith on a plinth, a figure, a tree or a cluster of towers. */
    private void subject() {
      double cx = w * (r.nextBoolean() ? 1 / 3.0 : 2 / 3.0) + (r.nextDouble() - 0.5) * w * 0.08;
      double base = horizon + h * (0.06 + r.nextDouble() * 0.08);
      double size = Math.min(w, h) * (0.30 + r.nextDouble() * 0.16);
      Color body = blend(p.ground(), Color.BLACK, 0.35f);
      Color rim = withAlpha(p.accent(), 220);
      g.setColor(withAlpha(Color.BLACK, 90));
      g.fill(new Ellipse2D.Double(cx - size * 0.6, base - size * 0.05, size * 1.2, size * 0.12));
      Shape shape = new Area(switch (r.nextInt(4)) {
        case 0 -> monolith(cx, base, size);
        case 1 -> figure(cx, base, size);
        case 2 -> tree(cx, base, size);
        default -> towers(cx, base, size);
      });
      g.setColor(body);
      g.fill(shape);
      g.setColor(rim);
      g.setStroke(new BasicStroke((float) (3 * u), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      g.draw(shape);
    }

    private Shape monolith(double cx, double base, double size) {
      GeneralPath s = new GeneralPath();
      s.append(rounded(cx - size * 0.35, base - size * 0.18, size * 0.7, size * 0.18, 6 * u), false);
      s.append(rounded(cx - size * 0.22, base - size * 0.62, size * 0.44, size * 0.44, 10 * u), false);
      return s;
    }

    private Shape figure(double cx, double base, double size) {
      GeneralPath s = new GeneralPath();
      double head = size * 0.16;
      s.append(new Ellipse2D.Double(cx - head / 2, base - size, head, head), false);
      s.append(rounded(cx - size * 0.14, base - size + head * 1.1, size * 0.28, size * 0.5, size * 0.12), false);
      s.append(rounded(cx - size * 0.11, base - size * 0.42, size * 0.09, size * 0.42, size * 0.05), false);
      s.append(rounded(cx + size * 0.02, base - size * 0.42, size * 0.09, size * 0.42, size * 0.05), false);
      return s;
    }

    private static Shape rounded(double x, double y, double w, double h, double arc) {
      return new RoundRectangle2D.Double(x, y, w, h, arc, arc);
    }

    private Shape tree(double cx, double base, double size) {
      GeneralPath s = new GeneralPath();
      s.append(new Rectangle2D.Double(cx - size * 0.04, base - size * 0.45, size * 0.08, size * 0.45), false);
      s.append(new Ellipse2D.Double(cx - size * 0.32, base - size * 1.05, size * 0.64, size * 0.7), false);
      return s;
    }

    private Shape towers(double cx, double base, double size) {
      GeneralPath s = new GeneralPath();
      double x = cx - size * 0.45;
      for (int i = 0; i < 4; i++) {
        double bw = size * (0.14 + r.nextDouble() * 0.1);
        double bh = size * (0.45 + r.nextDouble() * 0.6);
        s.append(new Rectangle2D.Double(x, base - bh, bw, bh), false);
        x += bw + size * 0.03;
      }
      return s;
    }

    private void vignette() {
      float radius = (float) Math.hypot(w, h) * 0.62f;
      g.setPaint(new RadialGradientPaint(new Point2D.Double(w / 2.0, h / 2.0), radius,
          new float[] {0f, 0.6f, 1f},
          new Color[] {new Color(0, 0, 0, 0), new Color(0, 0, 0, 40), new Color(0, 0, 0, 150)},
          MultipleGradientPaint.CycleMethod.NO_CYCLE));
      g.fillRect(0, 0, w, h);
    }

    private void promptPanel(String prompt) {
      double margin = 36 * u;
      double maxWidth = w - margin * 4;
      int size = Math.max(MIN_FONT, (int) Math.round(Math.min(h * 0.058, w * 0.06)));
      Font font = new Font(Font.SANS_SERIF, Font.BOLD, size);
      List<String> lines = wrap(prompt, g.getFontMetrics(font), maxWidth);
      while (lines.size() > MAX_PROMPT_LINES && size > MIN_FONT) {
        size = Math.max(MIN_FONT, (int) (size * 0.9));
        font = new Font(Font.SANS_SERIF, Font.BOLD, size);
        lines = wrap(prompt, g.getFontMetrics(font), maxWidth);
      }
      lines = ellipsize(lines, g.getFontMetrics(font), maxWidth);
      FontMetrics fm = g.getFontMetrics(font);
      double lineHeight = fm.getHeight() * 1.05;
      double panelHeight = lines.size() * lineHeight + margin;
      double top = h - margin - panelHeight;
      g.setColor(new Color(8, 8, 12, 150));
      g.fill(new RoundRectangle2D.Double(margin, top, w - margin * 2, panelHeight, 24 * u, 24 * u));
      g.setColor(p.accent());
      g.fill(new RoundRectangle2D.Double(margin, top, 8 * u, panelHeight, 8 * u, 8 * u));
      g.setFont(font);
      double y = top + margin / 2 + fm.getAscent();
      for (String line : lines) {
        g.setColor(new Color(0, 0, 0, 160));
        g.drawString(line, (float) (margin * 2 + 2 * u), (float) (y + 2 * u));
        g.setColor(Color.WHITE);
        g.drawString(line, (float) (margin * 2), (float) y);
        y += lineHeight;
      }
    }

    private void header(String shotId, Which which) {
      double margin = 36 * u;
      Font font = new Font(Font.SANS_SERIF, Font.BOLD, (int) Math.round(26 * u));
      g.setFont(font);
      FontMetrics fm = g.getFontMetrics();
      pill("SHOT  " + (shotId == null ? "?" : shotId), margin, margin, new Color(8, 8, 12, 170), Color.WHITE, fm);
      String label = which.name();
      double labelWidth = fm.stringWidth(label) + 28 * u;
      pill(label, w - margin - labelWidth, margin, p.accent(), new Color(10, 10, 14), fm);
    }

    private void pill(String text, double x, double y, Color background, Color foreground, FontMetrics fm) {
      double width = fm.stringWidth(text) + 28 * u;
      double height = fm.getHeight() + 12 * u;
      g.setColor(background);
      g.fill(new RoundRectangle2D.Double(x, y, width, height, height, height));
      g.setColor(foreground);
      g.drawString(text, (float) (x + 14 * u), (float) (y + 6 * u + fm.getAscent()));
    }

    private void border() {
      double inset = 14 * u;
      g.setComposite(AlphaComposite.SrcOver);
      g.setColor(new Color(255, 255, 255, 190));
      g.setStroke(new BasicStroke((float) (3 * u)));
      g.draw(new RoundRectangle2D.Double(inset, inset, w - inset * 2, h - inset * 2, 22 * u, 22 * u));
    }

    private static List<String> wrap(String text, FontMetrics fm, double maxWidth) {
      List<String> lines = new ArrayList<>();
      StringBuilder line = new StringBuilder();
      for (String word : text.split("\\s+")) {
        String candidate = line.isEmpty() ? word : line + " " + word;
        if (fm.stringWidth(candidate) <= maxWidth || line.isEmpty()) {
          line.setLength(0);
          line.append(candidate);
        } else {
          lines.add(line.toString());
          line.setLength(0);
          line.append(word);
        }
      }
      if (!line.isEmpty()) {
        lines.add(line.toString());
      }
      return lines;
    }

    private static List<String> ellipsize(List<String> lines, FontMetrics fm, double maxWidth) {
      List<String> kept = new ArrayList<>(lines.subList(0, Math.min(lines.size(), MAX_PROMPT_LINES)));
      for (int i = 0; i < kept.size(); i++) {
        boolean truncated = i == kept.size() - 1 && lines.size() > kept.size();
        String line = kept.get(i);
        if (!truncated && fm.stringWidth(line) <= maxWidth) {
          continue;
        }
        while (!line.isEmpty() && fm.stringWidth(line + "…") > maxWidth) {
          line = line.substring(0, line.length() - 1);
        }
        kept.set(i, line.stripTrailing() + "…");
      }
      return kept;
    }

    private static Color blend(Color a, Color b, float t) {
      return new Color(
          Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
          Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
          Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    private static Color withAlpha(Color c, int alpha) {
      return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
  }
}
