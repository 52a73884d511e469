package io.shotflow.activities.media;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.function.Consumer;
import org.bytedeco.javacpp.BytePointer;

/**
 * Draws with Java2D on one rectangle of a {@link Yuv420Frame}, at a cost in proportion to the rectangle, not the
 * frame. A slightly larger area is converted to BGR, drawn on and converted back, and only the rectangle is copied
 * into the frame: swscale's colour conversion is unreliable in the outermost columns of a picture, so those stay in
 * the discarded margin.
 */
public final class RegionPainter implements AutoCloseable {

  private static final int MARGIN = 16;

  private final Rectangle region;
  private final Rectangle work;
  private final BufferedImage image;
  private final byte[] pixels;
  private final BytePointer bgr;
  private final Planes bgrPlanes;
  private final Yuv420Frame converted;
  private final Scaler toBgr = new Scaler();
  private final Scaler toYuv = new Scaler();

  /** {@code wanted} is widened to even coordinates and sizes (as 4:2:0 chroma needs) and must lie in the frame. */
  public RegionPainter(Rectangle wanted, int frameWidth, int frameHeight) {
    region = even(wanted);
    if (!new Rectangle(frameWidth, frameHeight).contains(region)) {
      throw new IllegalArgumentException("region " + region + " outside the " + frameWidth + "x" + frameHeight
          + " frame");
    }
    int x0 = Math.max(0, region.x - MARGIN);
    int y0 = Math.max(0, region.y - MARGIN);
    int x1 = Math.min(frameWidth, region.x + region.width + MARGIN);
    int y1 = Math.min(frameHeight, region.y + region.height + MARGIN);
    work = new Rectangle(x0, y0, x1 - x0, y1 - y0);
    image = new BufferedImage(work.width, work.height, BufferedImage.TYPE_3BYTE_BGR);
    pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    bgr = new BytePointer((long) pixels.length + Planes.BGR_WRITE_PADDING);
    bgrPlanes = Planes.bgr(bgr, work.width, work.height, work.width * 3);
    converted = new Yuv420Frame(work.width, work.height);
  }

  private static Rectangle even(Rectangle r) {
    int x = r.x & ~1;
    int y = r.y & ~1;
    return new Rectangle(x, y, (r.x + r.width - x + 1) & ~1, (r.y + r.height - y + 1) & ~1);
  }

  public Rectangle region() {
    return region;
  }

  /**
   * Runs {@code drawing} with a graphics context whose origin is the region's top-left corner, clipped to the
   * region and antialiased.
   */
  public void paint(Yuv420Frame frame, Consumer<Graphics2D> drawing) {
    toBgr.scale(frame.region(work), bgrPlanes);
    bgr.position(0).get(pixels);
    Graphics2D g = image.createGraphics();
    try {
      g.translate(region.x - work.x, region.y - work.y);
      g.clipRect(0, 0, region.width, region.height);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      drawing.accept(g);
    } finally {
      g.dispose();
    }
    bgr.position(0).put(pixels);
    toYuv.scale(bgrPlanes, converted.planes());
    frame.copyRect(converted, region.x - work.x, region.y - work.y, region);
  }

  @Override
  public void close() {
    toBgr.close();
    toYuv.close();
    bgr.close();
    converted.close();
  }
}
