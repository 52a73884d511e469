package io.shotflow.activities.media;

import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Converts and resizes pictures with swscale (bilinear), reusing its context while sizes and formats stay the same.
 * Camera moves are crops of changing size scaled to the frame, so the context is rebuilt cheaply per frame there.
 */
public final class Scaler implements AutoCloseable {

  private final int flags;
  private final PointerPointer<?> src = new PointerPointer<>(4);
  private final PointerPointer<?> dst = new PointerPointer<>(4);
  /** The same two arrays seen as 64-bit numbers, to store plane addresses without wrapping each in a Pointer. */
  private final LongPointer srcAddresses = new LongPointer(src);
  private final LongPointer dstAddresses = new LongPointer(dst);
  private final IntPointer srcStride = new IntPointer(4);
  private final IntPointer dstStride = new IntPointer(4);
  private SwsContext context;

  public Scaler() {
    this(SWS_BILINEAR);
  }

  public Scaler(int flags) {
    Ffmpeg.init();
    this.flags = flags;
  }

  /** Scales all of {@code from} onto all of {@code to}. */
  public void scale(Planes from, Planes to) {
    context = sws_getCachedContext(context, from.width(), from.height(), from.format(),
        to.width(), to.height(), to.format(), flags, null, null, (DoublePointer) null);
    if (context == null) {
      throw new IllegalStateException("swscale cannot convert format " + from.format() + " to " + to.format());
    }
    load(from, srcAddresses, srcStride);
    load(to, dstAddresses, dstStride);
    sws_scale(context, src, srcStride, 0, from.height(), dst, dstStride);
  }

  private static void load(Planes planes, LongPointer addresses, IntPointer strides) {
    for (int i = 0; i < 4; i++) {
      boolean present = i < planes.addresses().length;
      addresses.put(i, present ? planes.addresses()[i] : 0L);
      strides.put(i, present ? planes.lineSizes()[i] : 0);
    }
  }

  @Override
  public void close() {
    if (context != null) {
      sws_freeContext(context);
      context = null;
    }
    src.close();
    dst.close();
    srcStride.close();
    dstStride.close();
  }
}
