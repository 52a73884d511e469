package io.shotflow.platform.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.shotflow.platform.provider.DownloadSettings.MediaKind;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code shotflow.downloads.*}: one binding for the output downloads' caps, times and threads. */
class DownloadSettingsTest {

  @Test
  void theDefaultsAndTheirKinds() {
    DownloadSettings defaults = new DownloadSettings();
    assertEquals(50L << 20, defaults.maxBytes(MediaKind.IMAGE));
    assertEquals(2L << 30, defaults.maxBytes(MediaKind.VIDEO));
    assertEquals(256L << 20, defaults.maxBytes(MediaKind.AUDIO));
    assertEquals(Duration.ofMinutes(30), defaults.getDeadline());
    assertEquals(Duration.ofMinutes(2), defaults.getStallTimeout());
    assertEquals(4, defaults.getThreads());
    assertEquals(MediaKind.IMAGE, MediaKind.ofContentType("image/png"));
    assertEquals(MediaKind.VIDEO, MediaKind.ofContentType(" Video/MP4; codecs=avc1"));
    assertEquals(MediaKind.AUDIO, MediaKind.ofContentType("audio/wav"));
    assertNull(MediaKind.ofContentType("application/octet-stream"));
    assertNull(MediaKind.ofContentType(null));
  }

  @Test
  void everyKeyBindsFromConfiguration() {
    try (ApplicationContext context = ApplicationContext.run(Map.of(
        "shotflow.downloads.max-image-bytes", "1000",
        "shotflow.downloads.max-video-bytes", "2000",
        "shotflow.downloads.max-audio-bytes", "3000",
        "shotflow.downloads.deadline", "5m",
        "shotflow.downloads.stall-timeout", "20s",
        "shotflow.downloads.threads", "2"))) {
      DownloadSettings settings = context.getBean(DownloadSettings.class);
      assertEquals(1000, settings.maxBytes(MediaKind.IMAGE));
      assertEquals(2000, settings.maxBytes(MediaKind.VIDEO));
      assertEquals(3000, settings.maxBytes(MediaKind.AUDIO));
      assertEquals(Duration.ofMinutes(5), settings.getDeadline());
      assertEquals(Duration.ofSeconds(20), settings.getStallTimeout());
      assertEquals(2, settings.getThreads());
    }
  }

  @Test
  void aBoundThatIsNotPositiveStopsTheStart() {
    try (ApplicationContext context = ApplicationContext.run(Map.of("shotflow.downloads.threads", "0"))) {
      Exception e = assertThrows(BeanInstantiationException.class, () -> context.getBean(DownloadSettings.class));
      assertTrue(String.valueOf(e.getMessage()).contains("shotflow.downloads.threads must be positive"),
          e.getMessage());
    }
  }

  /**
   * Downloads run on the client's own pool of {@code threads}, never on the threads of provider API calls: eight
   * downloads side by side are written by at most two {@code output-download-} threads.
   */
  @Test
  void downloadsRunOnTheirOwnBoundedThreads() throws Exception {
    byte[] body = new byte[200_000];
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/out", exchange -> {
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    DownloadSettings settings = new DownloadSettings();
    settings.setThreads(2);
    Set<String> writers = ConcurrentHashMap.newKeySet();
    try (ProviderHttp http = new ProviderHttp(settings)) {
      List<CompletableFuture<HttpResponse<Long>>> downloads = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/out")).build();
        downloads.add(http.downloadAsync("test", request, info -> HttpResponse.BodySubscribers.fromSubscriber(
            new CountingSubscriber(writers), CountingSubscriber::total)));
      }
      for (CompletableFuture<HttpResponse<Long>> download : downloads) {
        assertEquals(body.length, download.get(30, TimeUnit.SECONDS).body());
      }
    } finally {
      server.stop(0);
    }
    List<String> pool = writers.stream().filter(n -> n.startsWith("output-download-")).toList();
    assertFalse(pool.isEmpty(), "written on the download pool: " + writers);
    assertTrue(pool.size() <= 2, "at most the configured threads: " + pool);
    assertTrue(writers.stream().noneMatch(n -> n.startsWith("provider-http-")), "never on the calls' pool: " + writers);
  }

  /** Counts the bytes and notes the thread that receives each buffer. */
  private static final class CountingSubscriber implements java.util.concurrent.Flow.Subscriber<List<ByteBuffer>> {
    private final Set<String> threads;
    private long total;

    CountingSubscriber(Set<String> threads) {
      this.threads = threads;
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      threads.add(Thread.currentThread().getName());
      buffers.forEach(b -> total += b.remaining());
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}

    long total() {
      return total;
    }
  }
}
