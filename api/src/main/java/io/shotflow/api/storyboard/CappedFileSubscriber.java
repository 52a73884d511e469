package io.shotflow.api.storyboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body written to a file, at most {@code maxBytes} of it: one byte more cancels the transfer and fails the
 * body with {@link TooLarge}, so an endless response neither fills the disk nor holds the connection.
 */
final class CappedFileSubscriber implements HttpResponse.BodySubscriber<Long> {

  /** The body went past the cap. */
  static final class TooLarge extends IOException {
    TooLarge(long maxBytes) {
      super("over " + maxBytes + " bytes");
    }
  }

  private final Path file;
  private final long maxBytes;
  private final CompletableFuture<Long> result = new CompletableFuture<>();
  private FileChannel channel;
  private Flow.Subscription subscription;
  private long written;

  CappedFileSubscriber(Path file, long maxBytes) {
    this.file = file;
    this.maxBytes = maxBytes;
  }

  @Override
  public CompletionStage<Long> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    try {
      channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      subscription.cancel();
      result.completeExceptionally(e);
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    try {
      for (ByteBuffer buffer : buffers) {
        written += buffer.remaining();
        if (written > maxBytes) {
          subscription.cancel();
          fail(new TooLarge(maxBytes));
          return;
        }
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    } catch (IOException e) {
      subscription.cancel();
      fail(e);
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable throwable) {
    fail(throwable);
  }

  @Override
  public void onComplete() {
    try {
      channel.close();
      result.complete(written);
    } catch (IOException e) {
      result.completeExceptionally(e);
    }
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
