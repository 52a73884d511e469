package io.shotflow.activities.provider;

import io.shotflow.activities.media.ActivityHeartbeat;
import io.shotflow.platform.http.CappedFileSubscriber;
import io.shotflow.platform.provider.DownloadSettings;
import io.shotflow.platform.provider.DownloadSettings.MediaKind;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.provider.ProviderError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams a provider's output URL to a file within the bounds of {@code shotflow.downloads} ({@link DownloadSettings}:
 * a byte cap per media kind, a total deadline, a stall timeout), heartbeating as the bytes arrive. The bytes are
 * written by the HTTP client as they come; the activity's thread waits, heartbeats and watches the limits, so a
 * stalled or endless response never holds it longer than the deadline.
 *
 * <ul>
 *   <li>a 5xx, a network error, a transfer that stalls (no byte for {@code stall-timeout}) or outlasts
 *       {@code deadline}: {@link ProviderError#TRANSIENT}, retried;</li>
 *   <li>403, 404 or 410 (an expired or removed output): {@link ProviderError#OUTPUT_GONE}, because asking again will
 *       not bring the file back (only a new job can);</li>
 *   <li>any other non-2xx answer: {@link ProviderError#JOB_FAILED};</li>
 *   <li>an output over its kind's cap: {@link ProviderError#JOB_FAILED}, not retried (it would be as large again);
 *       the transfer stops at the first byte past the cap;</li>
 *   <li>a disk that is full or over quota: {@link ProviderError#LOCAL_STORAGE}, a decision for a human rather than a
 *       failed storyboard.</li>
 * </ul>
 */
final class OutputDownloader {

  /** The downloaded file and the server's content type (null when it gave none). */
  record Download(Path file, String contentType) {}

  private static final long WAKE_MILLIS = 1_000;

  private final ProviderHttp http;
  private final DownloadSettings limits;

  /** With the default bounds (tests). */
  OutputDownloader(ProviderHttp http) {
    this(http, new DownloadSettings());
  }

  OutputDownloader(ProviderHttp http, DownloadSettings limits) {
    this.http = http;
    this.limits = limits;
  }

  /**
   * Fetches {@code provider}'s output at {@code url} into {@code target}, capped at the size of the {@code expected}
   * kind, or of the kind the server's content type names when that is smaller (an image never gets a video's cap).
   */
  Download fetch(String provider, URI url, MediaKind expected, Path target, ActivityHeartbeat heartbeat) {
    long deadline = System.nanoTime() + limits.getDeadline().toNanos();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(limits.getStallTimeout()).GET().build();
    Body body = new Body(System.nanoTime());
    CompletableFuture<HttpResponse<Long>> exchange = http.downloadAsync(provider, request, info -> {
      if (info.statusCode() / 100 != 2) {
        return HttpResponse.BodySubscribers.replacing(-1L);
      }
      MediaKind served = MediaKind.ofContentType(info.headers().firstValue("Content-Type").orElse(null));
      long cap = Math.min(limits.maxBytes(expected), served == null ? Long.MAX_VALUE : limits.maxBytes(served));
      return body.start(new CappedFileSubscriber(target, cap));
    });
    try {
      HttpResponse<Long> response = await(exchange, body, deadline, heartbeat);
      int status = response.statusCode();
      if (status >= 500) {
        throw new ProviderException(ProviderError.TRANSIENT, "output download answered HTTP " + status);
      }
      if (status == 403 || status == 404 || status == 410) {
        // signed URLs answer 403 once expired, stores 404 or 410 once the output is removed
        throw new ProviderException(ProviderError.OUTPUT_GONE, "output URL answered HTTP " + status
            + ": the provider no longer serves this output");
      }
      if (status < 200 || status >= 300) {
        throw new ProviderException(ProviderError.JOB_FAILED, "output URL answered HTTP " + status);
      }
      return new Download(target, response.headers().firstValue("Content-Type").orElse(null));
    } catch (RuntimeException e) {
      // a cancelled activity (the heartbeat throws) or any failure: the transfer stops with it
      exchange.cancel(true);
      body.abort();
      throw e;
    }
  }

  /** The response body once its headers came (its cap depends on them); progress counts from the request before. */
  private static final class Body {
    private final long requested;
    private volatile CappedFileSubscriber file;

    Body(long requested) {
      this.requested = requested;
    }

    CappedFileSubscriber start(CappedFileSubscriber file) {
      this.file = file;
      return file;
    }

    long written() {
      CappedFileSubscriber f = file;
      return f == null ? 0 : f.written();
    }

    long lastProgressNanos() {
      CappedFileSubscriber f = file;
      return f == null ? requested : f.lastProgressNanos();
    }

    long cap() {
      CappedFileSubscriber f = file;
      return f == null ? 0 : f.maxBytes();
    }

    void abort() {
      CappedFileSubscriber f = file;
      if (f != null) {
        f.abort();
      }
    }
  }

  /** Waits for the exchange, heartbeating each second, until it ends or a limit is passed. */
  private HttpResponse<Long> await(CompletableFuture<HttpResponse<Long>> exchange, Body body, long deadline,
      ActivityHeartbeat heartbeat) {
    while (true) {
      try {
        return exchange.get(WAKE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        long now = System.nanoTime();
        heartbeat.beat("downloaded " + body.written() / 1024 + " KiB");
        if (now - deadline > 0) {
          throw new ProviderException(ProviderError.TRANSIENT, "output download took longer than "
              + limits.getDeadline() + " (" + body.written() + " bytes received); stopped");
        }
        if (now - body.lastProgressNanos() > limits.getStallTimeout().toNanos()) {
          throw new ProviderException(ProviderError.TRANSIENT, "output download stalled: no data for "
              + limits.getStallTimeout() + " after " + body.written() + " bytes; stopped");
        }
      } catch (ExecutionException e) {
        throw classify(e.getCause() == null ? e : e.getCause(), body);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException(ProviderError.TRANSIENT, "output download interrupted");
      }
    }
  }

  private ProviderException classify(Throwable failure, Body body) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CappedFileSubscriber.OverCap) {
        return new ProviderException(ProviderError.JOB_FAILED, "output is larger than the download cap of "
            + body.cap() + " bytes; stopped at the cap");
      }
      if (t instanceof IOException io && isOutOfSpace(io)) {
        return new ProviderException(ProviderError.LOCAL_STORAGE, "cannot keep the output on this worker: "
            + io.getMessage() + "; free space (or raise the quota), then decide");
      }
    }
    if (failure instanceof java.net.http.HttpTimeoutException) {
      return new ProviderException(ProviderError.TRANSIENT, "output download answered nothing within "
          + limits.getStallTimeout());
    }
    return new ProviderException(ProviderError.TRANSIENT, "output download failed: " + failure.getMessage());
  }

  /** ENOSPC or EDQUOT, as the JDK words them on Linux and macOS. */
  static boolean isOutOfSpace(IOException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    return message.contains("no space left") || message.contains("disk quota exceeded")
        || message.contains("not enough space");
  }
}
