package io.shotflow.media;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Cross-dissolves two {@link Yuv420Frame}s with Java2D's {@link AlphaComposite}. Source-over with a constant alpha
 * blends every byte linearly and independently, so the planar YUV bytes are handed to Java2D as if they were packed
 * BGR pixels ({@code width/2 × height} of them): one native compositing loop over the frame, no colour conversion.
 */
public final class FrameBlender implements AutoCloseable {

  private final BufferedImage base;
  private final BufferedImage over;
  private final byte[] baseBytes;
  private final byte[] overBytes;
  private final Graphics2D graphics;

  public FrameBlender(int width, int height) {
    base = new BufferedImage(width / 2, height, BufferedImage.TYPE_3BYTE_BGR);
    over = new BufferedImage(width / 2, height, BufferedImage.TYPE_3BYTE_BGR);
    baseBytes = ((DataBufferByte) base.getRaster().getDataBuffer()).getData();
    overBytes = ((DataBufferByte) over.getRaster().getDataBuffer()).getData();
    graphics = base.createGraphics();
  }

  /** {@code target = target × (1 − alpha) + overlay × alpha}. */
  public void blend(Yuv420Frame target, Yuv420Frame overlay, float alpha) {
    target.copyTo(baseBytes);
    overlay.copyTo(overBytes);
    graphics.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, alpha));
    graphics.drawImage(over, 0, 0, null);
    target.copyFrom(baseBytes);
  }

  @Override
  public void close() {
    graphics.dispose();
  }
}
