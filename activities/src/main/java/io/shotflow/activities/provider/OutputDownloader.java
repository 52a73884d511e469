package io.shotflow.activities.provider;

import io.shotflow.activities.media.ActivityHeartbeat;
import io.shotflow.platform.provider.ProviderHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.shotflow.provider.ProviderError;

/**
 * Streams a provider's output URL to a file, heartbeating as the bytes arrive. A 5xx or a network error is
 * {@link ProviderError#TRANSIENT}; any other non-2xx answer (an expired or forbidden URL) is
 * {@link ProviderError#JOB_FAILED}, because asking again will not bring the file back.
 */
final class OutputDownloader {

  /** The downloaded file and the server's content type (null when it gave none). */
  record Download(Path file, String contentType) {}

  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final int BUFFER = 1 << 16;

  private final ProviderHttp http;

  OutputDownloader(ProviderHttp http) {
    this.http = http;
  }

  /** Fetches {@code provider}'s output at {@code url} into {@code target}. */
  Download fetch(String provider, URI url, Path target, ActivityHeartbeat heartbeat) {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<InputStream> response = http.download(provider, request);
      try (InputStream body = response.body()) {
        int status = response.statusCode();
        if (status >= 500) {
          throw new ProviderException(ProviderError.TRANSIENT, "output download answered HTTP " + status);
        }
        if (status < 200 || status >= 300) {
          throw new ProviderException(ProviderError.JOB_FAILED, "output URL answered HTTP " + status);
        }
        long copied = 0;
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(target)) {
          for (int n; (n = body.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            copied += n;
            heartbeat.beat("downloaded " + copied / 1024 + " KiB");
          }
        }
        return new Download(target, response.headers().firstValue("Content-Type").orElse(null));
      }
    } catch (InterruptedIOException e) {
      throw new ProviderException(ProviderError.TRANSIENT, "output download interrupted");
    } catch (IOException e) {
      throw new ProviderException(ProviderError.TRANSIENT, "output download failed: " + e.getMessage());
    }
  }
}
