package io.shotflow.activities.provider;

import io.shotflow.activities.media.ActivityHeartbeat;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.provider.ProviderError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams a provider's output URL to a file within {@link Limits}, heartbeating as the bytes arrive. The bytes are
 * written by the HTTP client as they come; the activity's thread waits, heartbeats and watches the limits, so a
 * stalled or endless response never holds it longer than the deadline.
 *
 * <ul>
 *   <li>a 5xx, a network error, a transfer that stalls (no byte for {@code stallTimeout}) or outlasts
 *       {@code deadline}: {@link ProviderError#TRANSIENT}, retried;</li>
 *   <li>any other non-2xx answer (an expired or forbidden URL): {@link ProviderError#JOB_FAILED}, because asking
 *       again will not bring the file back;</li>
 *   <li>an output over {@code maxBytes}: {@link ProviderError#JOB_FAILED}, not retried (it would be as large again);
 *       the transfer stops at the first byte past the cap;</li>
 *   <li>a disk that is full or over quota: {@link ProviderError#LOCAL_STORAGE}, a decision for a human rather than a
 *       failed storyboard.</li>
 * </ul>
 */
final class OutputDownloader {

  /** The downloaded file and the server's content type (null when it gave none). */
  record Download(Path file, String contentType) {}

  /**
   * The bounds of one download: its size, its total time, and the longest wait for the next byte.
   */
  record Limits(long maxBytes, Duration deadline, Duration stallTimeout) {

    /** 2 GiB (a 4K clip of a few minutes), 30 minutes, 2 minutes. */
    static final Limits DEFAULTS = new Limits(2L << 30, Duration.ofMinutes(30), Duration.ofMinutes(2));

    Limits {
      if (maxBytes <= 0 || deadline.isNegative() || deadline.isZero() || stallTimeout.isNegative()
          || stallTimeout.isZero()) {
        throw new IllegalArgumentException("download limits must be positive: " + maxBytes + " bytes, " + deadline
            + ", stall " + stallTimeout);
      }
    }
  }

  private static final long WAKE_MILLIS = 1_000;

  private final ProviderHttp http;
  private final Limits limits;

  OutputDownloader(ProviderHttp http) {
    this(http, Limits.DEFAULTS);
  }

  OutputDownloader(ProviderHttp http, Limits limits) {
    this.http = http;
    this.limits = limits;
  }

  /** Fetches {@code provider}'s output at {@code url} into {@code target}. */
  Download fetch(String provider, URI url, Path target, ActivityHeartbeat heartbeat) {
    long started = System.nanoTime();
    long deadline = started + limits.deadline().toNanos();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(limits.stallTimeout()).GET().build();
    CappedFile file = new CappedFile(target, limits.maxBytes(), started);
    CompletableFuture<HttpResponse<Long>> exchange = http.downloadAsync(provider, request,
        info -> info.statusCode() / 100 == 2 ? file : HttpResponse.BodySubscribers.replacing(-1L));
    try {
      HttpResponse<Long> response = await(exchange, file, deadline, heartbeat);
      int status = response.statusCode();
      if (status >= 500) {
        throw new ProviderException(ProviderError.TRANSIENT, "output download answered HTTP " + status);
      }
      if (status < 200 || status >= 300) {
        throw new ProviderException(ProviderError.JOB_FAILED, "output URL answered HTTP " + status);
      }
      return new Download(target, response.headers().firstValue("Content-Type").orElse(null));
    } catch (RuntimeException e) {
      // a cancelled activity (the heartbeat throws) or any failure: the transfer stops with it
      exchange.cancel(true);
      file.abort();
      throw e;
    }
  }

  /** Waits for the exchange, heartbeating each second, until it ends or a limit is passed. */
  private HttpResponse<Long> await(CompletableFuture<HttpResponse<Long>> exchange, CappedFile file, long deadline,
      ActivityHeartbeat heartbeat) {
    while (true) {
      try {
        return exchange.get(WAKE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        long now = System.nanoTime();
        heartbeat.beat("downloaded " + file.written() / 1024 + " KiB");
        if (now - deadline > 0) {
          throw new ProviderException(ProviderError.TRANSIENT, "output download took longer than "
              + limits.deadline() + " (" + file.written() + " bytes received); stopped");
        }
        if (now - file.lastProgress() > limits.stallTimeout().toNanos()) {
          throw new ProviderException(ProviderError.TRANSIENT, "output download stalled: no data for "
              + limits.stallTimeout() + " after " + file.written() + " bytes; stopped");
        }
      } catch (ExecutionException e) {
        throw classify(e.getCause() == null ? e : e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException(ProviderError.TRANSIENT, "output download interrupted");
      }
    }
  }

  private ProviderException classify(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof OverCap) {
        return new ProviderException(ProviderError.JOB_FAILED, "output is larger than the download cap of "
            + limits.maxBytes() + " bytes; stopped at the cap");
      }
      if (t instanceof IOException io && isOutOfSpace(io)) {
        return new ProviderException(ProviderError.LOCAL_STORAGE, "cannot keep the output on this worker: "
            + io.getMessage() + "; free space (or raise the quota), then decide");
      }
    }
    if (failure instanceof java.net.http.HttpTimeoutException) {
      return new ProviderException(ProviderError.TRANSIENT, "output download answered nothing within "
          + limits.stallTimeout());
    }
    return new ProviderException(ProviderError.TRANSIENT, "output download failed: " + failure.getMessage());
  }

  /** ENOSPC or EDQUOT, as the JDK words them on Linux and macOS. */
  static boolean isOutOfSpace(IOException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    return message.contains("no space left") || message.contains("disk quota exceeded")
        || message.contains("not enough space");
  }

  /** The body past the cap. */
  private static final class OverCap extends IOException {
    OverCap() {
      super("over the download cap");
    }
  }

  /**
   * The response body written to the target file, counting bytes and the time of the last ones; one byte past the
   * cap cancels the transfer.
   */
  private static final class CappedFile implements HttpResponse.BodySubscriber<Long> {

    private final Path target;
    private final long maxBytes;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private volatile long written;
    private volatile long lastProgress;
    private FileChannel channel;
    private Flow.Subscription subscription;

    CappedFile(Path target, long maxBytes, long started) {
      this.target = target;
      this.maxBytes = maxBytes;
      this.lastProgress = started;
    }

    long written() {
      return written;
    }

    long lastProgress() {
      return lastProgress;
    }

    @Override
    public CompletionStage<Long> getBody() {
      return result;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
      subscription = s;
      try {
        channel = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
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
            fail(new OverCap());
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
      lastProgress = System.nanoTime();
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

    /** Stops the transfer from the waiting side (a limit passed, the activity cancelled). */
    synchronized void abort() {
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
}
