package io.shotflow.platform.provider;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one outbound HTTP setup for provider traffic, built once:
 * <ul>
 *   <li>{@link #call calls} to a provider's API (and its key and secret endpoints): HTTP/1.1, a 10 s connect timeout,
 *       the provider's {@code request-timeout}, and no redirects, so credentials never follow a redirect elsewhere;</li>
 *   <li>{@link #download downloads} of outputs at the URLs providers hand back: redirects followed (CDNs), a 30 s
 *       connect timeout, on a bounded executor of their own ({@code shotflow.downloads.threads},
 *       {@link DownloadSettings}), so outputs being written to disk never delay a call to a provider's API.</li>
 * </ul>
 * Every exchange is logged at DEBUG as provider, method, address without its query, status and time: never headers
 * (credentials) nor queries (signed URLs, webhook tokens). An interrupted call is an {@link InterruptedIOException}
 * with the thread's interrupt flag kept, so callers handle one kind of failure. Retries and error mapping stay with
 * each provider's adapter.
 */
@Singleton
public class ProviderHttp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProviderHttp.class);
  static final Duration CALL_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DOWNLOAD_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private final ExecutorService executor;
  private final ExecutorService downloadExecutor;
  private final HttpClient calls;
  private final HttpClient downloads;

  /** With the default download bounds (tests and tools). */
  public ProviderHttp() {
    this(new DownloadSettings());
  }

  @Inject
  public ProviderHttp(DownloadSettings downloadSettings) {
    this.executor = Executors.newCachedThreadPool(daemons("provider-http-"));
    this.downloadExecutor = Executors.newFixedThreadPool(downloadSettings.getThreads(), daemons("output-download-"));
    this.calls = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CALL_CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(executor)
        .build();
    this.downloads = HttpClient.newBuilder()
        .connectTimeout(DOWNLOAD_CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .executor(downloadExecutor)
        .build();
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger threads = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** A call to {@code provider}'s API within its {@code request-timeout}; the body as bytes. */
  public HttpResponse<byte[]> call(ProviderSettings provider, HttpRequest.Builder request) throws IOException {
    return call(provider.getName(), request.timeout(provider.getRequestTimeout()).build());
  }

  /** A call to {@code provider}'s API within the timeout {@code request} carries; the body as bytes. */
  public HttpResponse<byte[]> call(String provider, HttpRequest request) throws IOException {
    return send(calls, provider, request, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A provider's output, streamed, within the timeout {@code request} carries. */
  public HttpResponse<InputStream> download(String provider, HttpRequest request) throws IOException {
    return send(downloads, provider, request, HttpResponse.BodyHandlers.ofInputStream());
  }

  /**
   * A provider's output into {@code body}, without blocking: the caller bounds the wait and cancels the returned future
   * (which aborts the exchange) when it gives up.
   */
  public <T> CompletableFuture<HttpResponse<T>> downloadAsync(String provider, HttpRequest request,
      HttpResponse.BodyHandler<T> body) {
    long started = System.nanoTime();
    CompletableFuture<HttpResponse<T>> exchange = downloads.sendAsync(request, body);
    exchange.whenComplete((response, error) -> {
      if (response != null && LOG.isDebugEnabled()) {
        LOG.debug("{} {} {} -> HTTP {} in {} ms", provider, request.method(), withoutQuery(request.uri()),
            response.statusCode(), millisSince(started));
      } else if (error != null) {
        LOG.debug("{} {} {} failed after {} ms: {}", provider, request.method(), withoutQuery(request.uri()),
            millisSince(started), error.toString());
      }
    });
    return exchange;
  }

  private static <T> HttpResponse<T> send(HttpClient client, String provider, HttpRequest request,
      HttpResponse.BodyHandler<T> body) throws IOException {
    long started = System.nanoTime();
    try {
      HttpResponse<T> response = client.send(request, body);
      if (LOG.isDebugEnabled()) {
        LOG.debug("{} {} {} -> HTTP {} in {} ms", provider, request.method(), withoutQuery(request.uri()),
            response.statusCode(), millisSince(started));
      }
      return response;
    } catch (IOException e) {
      LOG.debug("{} {} {} failed after {} ms: {}", provider, request.method(), withoutQuery(request.uri()),
          millisSince(started), e.toString());
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while calling " + provider);
    }
  }

  /** Scheme, host, port and path: the query may hold a signature or a token, user info a password. */
  static String withoutQuery(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  @Override
  @PreDestroy
  public void close() {
    executor.shutdown();
    downloadExecutor.shutdown();
  }
}
