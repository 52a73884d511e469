package io.shotflow.media;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.function.Consumer;
import org.bytedeco.javacpp.BytePointer;

/**
 * Draws with Java2D on one rectangle of a {@link Yuv420Frame}: the rectangle is converted to BGR, drawn on and
 * converted back, so overlays cost in proportion to their size, not the frame's.
 */
public final class RegionPainter implements AutoCloseable {

  private final Rectangle region;
  private final BufferedImage image;
  private final byte[] pixels;
  private final BytePointer bgr;
  private final Planes bgrPlanes;
  private final Scaler toBgr = new Scaler();
  private final Scaler toYuv = new Scaler();

  /** The rectangle is widened to even coordinates and sizes, as 4:2:0 chroma needs. */
  public RegionPainter(Rectangle wanted) {
    int x = wanted.x & ~1;
    int y = wanted.y & ~1;
    int w = (wanted.x + wanted.width - x + 1) & ~1;
    int h = (wanted.y + wanted.height - y + 1) & ~1;
    region = new Rectangle(x, y, w, h);
    image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    bgr = new BytePointer((long) w * h * 3 + Planes.BGR_WRITE_PADDING);
    bgrPlanes = Planes.bgr(bgr, w, h, w * 3);
  }

  public Rectangle region() {
    return region;
  }

  /** Runs {@code drawing} with a graphics context whose origin is the region's top-left corner (antialiased). */
  public void paint(Yuv420Frame frame, Consumer<Graphics2D> drawing) {
    Planes target = frame.region(region);
    toBgr.scale(target, bgrPlanes);
    bgr.position(0).get(pixels);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      drawing.accept(g);
    } finally {
      g.dispose();
    }
    bgr.position(0).put(pixels);
    toYuv.scale(bgrPlanes, target);
  }

  @Override
  public void close() {
    toBgr.close();
    toYuv.close();
    bgr.close();
  }
}
