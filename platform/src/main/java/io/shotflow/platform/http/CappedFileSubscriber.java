package io.shotflow.platform.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body written to a file as it arrives, at most {@code maxBytes} of it: a byte past the cap cancels the
 * transfer and fails the body with {@link OverCap}, so an endless response neither fills the disk nor holds the
 * connection. It counts the bytes and remembers when the last ones came, for whoever watches for a stall, and can be
 * stopped from another thread ({@link #abort()}).
 */
public final class CappedFileSubscriber implements HttpResponse.BodySubscriber<Long> {

  /** The body went past the cap. */
  public static final class OverCap extends IOException {
    OverCap(long maxBytes) {
      super("over " + maxBytes + " bytes");
    }
  }

  private final Path file;
  private final long maxBytes;
  private final CompletableFuture<Long> result = new CompletableFuture<>();
  private volatile long written;
  private volatile long lastProgressNanos = System.nanoTime();
  private FileChannel channel;
  private Flow.Subscription subscription;

  public CappedFileSubscriber(Path file, long maxBytes) {
    this.file = file;
    this.maxBytes = maxBytes;
  }

  /** The cap in bytes. */
  public long maxBytes() {
    return maxBytes;
  }

  /** Bytes written so far. */
  public long written() {
    return written;
  }

  /** {@link System#nanoTime()} when the last bytes arrived (or when this subscriber was made). */
  public long lastProgressNanos() {
    return lastProgressNanos;
  }

  @Override
  public CompletionStage<Long> getBody() {
    return result;
  }

  @Override
  public synchronized void onSubscribe(Flow.Subscription s) {
    subscription = s;
    try {
      channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      s.cancel();
      fail(e);
      return;
    }
    s.request(1);
  }

  @Override
  public synchronized void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    try {
      for (ByteBuffer buffer : buffers) {
        if (written + buffer.remaining() > maxBytes) {
          subscription.cancel();
          fail(new OverCap(maxBytes));
          return;
        }
        while (buffer.hasRemaining()) {
          written += channel.write(buffer);
        }
      }
    } catch (IOException e) {
      subscription.cancel();
      fail(e);
      return;
    }
    lastProgressNanos = System.nanoTime();
    subscription.request(1);
  }

  @Override
  public synchronized void onError(Throwable throwable) {
    fail(throwable);
  }

  @Override
  public synchronized void onComplete() {
    try {
      channel.close();
      result.complete(written);
    } catch (IOException e) {
      fail(e);
    }
  }

  /** Stops the transfer from the waiting side (a limit passed, the caller cancelled). */
  public synchronized void abort() {
    if (subscription != null && !result.isDone()) {
      subscription.cancel();
    }
    fail(new IOException("download aborted"));
  }

  private void fail(Throwable cause) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // the failure being reported matters more than a close that failed after it
    }
    result.completeExceptionally(cause);
  }
}
