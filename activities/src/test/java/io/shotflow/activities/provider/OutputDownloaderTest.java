package io.shotflow.activities.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.shotflow.activities.media.ActivityHeartbeat;
import io.shotflow.platform.provider.DownloadSettings;
import io.shotflow.platform.provider.DownloadSettings.MediaKind;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.provider.ProviderError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Provider output downloads against a 127.0.0.1 server that answers well, too much, too slowly or not at all. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutputDownloaderTest {

  private static final byte[] VIDEO = new byte[300_000];
  /** A video's cap is the test video's size, an image's a third of it, audio's a tenth; 3 s in all, 1 s stalled. */
  private static final DownloadSettings TIGHT = new DownloadSettings();

  static {
    TIGHT.setMaxVideoBytes(VIDEO.length);
    TIGHT.setMaxImageBytes(VIDEO.length / 3);
    TIGHT.setMaxAudioBytes(VIDEO.length / 10);
    TIGHT.setDeadline(Duration.ofSeconds(3));
    TIGHT.setStallTimeout(Duration.ofSeconds(1));
  }

  @TempDir Path dir;
  private HttpServer server;
  private ProviderHttp http;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeAll
  void serve() throws IOException {
    new Random(7).nextBytes(VIDEO);
    http = new ProviderHttp();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/video.mp4", ex -> {
      ex.getResponseHeaders().add("Content-Type", "video/mp4");
      ex.sendResponseHeaders(200, VIDEO.length);
      ex.getResponseBody().write(VIDEO);
      ex.close();
    });
    for (String type : new String[] {"image/png", "audio/wav", "application/octet-stream"}) {
      server.createContext("/as/" + type, ex -> {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(200, VIDEO.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(VIDEO);
        } catch (IOException clientStopped) {
          // expected when the downloader hangs up at its cap
        }
      });
    }
    server.createContext("/huge.mp4", ex -> {
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        for (int i = 0; i < 10_000; i++) {
          out.write(new byte[64 * 1024]);
        }
      } catch (IOException clientStopped) {
        // expected: the downloader hangs up at its cap
      }
    });
    server.createContext("/stalled.mp4", ex -> {
      ex.sendResponseHeaders(200, 0);
      ex.getResponseBody().write(new byte[1000]);
      ex.getResponseBody().flush();
      awaitRelease();
      ex.close();
    });
    server.createContext("/trickle.mp4", ex -> {
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        for (int i = 0; i < 600 && release.getCount() > 0; i++) {
          out.write(new byte[10]);
          out.flush();
          Thread.sleep(200);
        }
      } catch (IOException | InterruptedException stopped) {
        // the downloader gave up
      }
    });
    server.createContext("/gone.mp4", ex -> {
      ex.sendResponseHeaders(403, -1);
      ex.close();
    });
    server.createContext("/busy.mp4", ex -> {
      ex.sendResponseHeaders(503, -1);
      ex.close();
    });
    server.start();
  }

  private void awaitRelease() {
    try {
      release.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterAll
  void stop() {
    release.countDown();
    server.stop(0);
    http.close();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private OutputDownloader.Download fetch(String path, Path target) {
    return fetch(MediaKind.VIDEO, path, target);
  }

  private OutputDownloader.Download fetch(MediaKind expected, String path, Path target) {
    return new OutputDownloader(http, TIGHT).fetch("test", url(path), expected, target, ActivityHeartbeat.current());
  }

  private ProviderException refused(String path, Path target) {
    return refused(MediaKind.VIDEO, path, target);
  }

  private ProviderException refused(MediaKind expected, String path, Path target) {
    return assertThrows(ProviderException.class, () -> fetch(expected, path, target));
  }

  @Test
  void aKeyframeIsCappedAtTheImageCapWhateverTheServerCallsIt() throws IOException {
    for (String path : new String[] {"/video.mp4", "/as/image/png", "/as/application/octet-stream"}) {
      Path target = dir.resolve("keyframe");
      ProviderException e = refused(MediaKind.IMAGE, path, target);
      assertEquals(ProviderError.JOB_FAILED, e.error(), path);
      assertTrue(e.getMessage().contains("download cap of " + VIDEO.length / 3 + " bytes"), e.getMessage());
      assertTrue(Files.size(target) <= VIDEO.length / 3, path + ": " + Files.size(target));
    }
  }

  @Test
  void aVideoJobServingAnImageOrAudioGetsThatKindsSmallerCap() {
    ProviderException image = refused(MediaKind.VIDEO, "/as/image/png", dir.resolve("image"));
    assertTrue(image.getMessage().contains("download cap of " + VIDEO.length / 3 + " bytes"), image.getMessage());
    ProviderException audio = refused(MediaKind.VIDEO, "/as/audio/wav", dir.resolve("audio"));
    assertEquals(ProviderError.JOB_FAILED, audio.error());
    assertTrue(audio.getMessage().contains("download cap of " + VIDEO.length / 10 + " bytes"), audio.getMessage());
  }

  @Test
  void aVideoJobWithoutAMediaTypeGetsTheVideoCap() throws IOException {
    Path target = dir.resolve("untyped");
    fetch(MediaKind.VIDEO, "/as/application/octet-stream", target);
    assertArrayEquals(VIDEO, Files.readAllBytes(target));
  }

  @Test
  void anOutputWithinTheCapIsStreamedToTheFile() throws IOException {
    Path target = dir.resolve("video.mp4");
    OutputDownloader.Download download = fetch("/video.mp4", target);
    assertEquals("video/mp4", download.contentType());
    assertArrayEquals(VIDEO, Files.readAllBytes(target));
  }

  @Test
  void anOutputOverTheCapStopsThereAndIsNotRetried() throws IOException {
    Path target = dir.resolve("huge.mp4");
    ProviderException e = refused("/huge.mp4", target);
    assertEquals(ProviderError.JOB_FAILED, e.error());
    assertFalse(e.error().retryable());
    assertTrue(e.getMessage().contains("larger than the download cap of " + VIDEO.length + " bytes"), e.getMessage());
    assertTrue(Files.size(target) <= VIDEO.length, "never more than the cap on disk: " + Files.size(target));
  }

  @Test
  void aStalledTransferIsRetryableAndEndsAfterTheStallTimeout() {
    long start = System.nanoTime();
    ProviderException e = refused("/stalled.mp4", dir.resolve("stalled.mp4"));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(ProviderError.TRANSIENT, e.error());
    assertTrue(e.getMessage().contains("stalled: no data for PT1S after 1000 bytes"), e.getMessage());
    assertTrue(millis < 5_000, "gave up after " + millis + " ms");
  }

  @Test
  void aTransferThatKeepsTricklingEndsAtTheDeadline() {
    long start = System.nanoTime();
    ProviderException e = refused("/trickle.mp4", dir.resolve("trickle.mp4"));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(ProviderError.TRANSIENT, e.error());
    assertTrue(e.getMessage().contains("took longer than PT3S"), e.getMessage());
    assertTrue(millis >= 3_000 && millis < 7_000, "gave up after " + millis + " ms");
  }

  @Test
  void aForbiddenUrlIsAGoneOutputAndA5xxIsRetried() {
    assertEquals(ProviderError.OUTPUT_GONE, refused("/gone.mp4", dir.resolve("gone.mp4")).error());
    assertEquals(ProviderError.TRANSIENT, refused("/busy.mp4", dir.resolve("busy.mp4")).error());
  }

  @Test
  void aFullDiskAsksAHumanInsteadOfFailingTheStoryboard() {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "/dev/full (a device that is always out of space) is not available");
    ProviderException e = refused("/video.mp4", full);
    assertEquals(ProviderError.LOCAL_STORAGE, e.error());
    assertTrue(e.error().needsDecision());
    assertFalse(e.error().retryable());
    assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
  }
}
