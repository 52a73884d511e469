package io.shotflow.activities.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.shotflow.asset.FileAssetStore;
import io.shotflow.media.AssetRef;
import io.shotflow.activities.provider.local.ClipRendererFixture;
import io.shotflow.activities.provider.local.LocalProvider;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.testing.Requests;
import io.shotflow.testing.TestMedia;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.awt.Color;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.shotflow.activity.ProviderActivities;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;

/** The provider activities on the real Temporal test server: submit, the wait, the copy into the asset store. */
class ProviderActivitiesImplTest {

  @TempDir Path dir;

  private FileAssetStore store;
  private ProviderWorkers workers;
  private HttpServer server;
  private byte[] servedVideo;
  private final AtomicInteger flakyRequests = new AtomicInteger();

  @BeforeEach
  void setUp() throws Exception {
    store = new FileAssetStore(dir.resolve("assets"));
    workers = new ProviderWorkers();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Path video = dir.resolve("remote.mp4");
    new ClipRendererFixture().write(video);
    servedVideo = Files.readAllBytes(video);
    server.createContext("/out.mp4", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "video/mp4");
      exchange.sendResponseHeaders(200, servedVideo.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(servedVideo);
      }
    });
    server.createContext("/expired.mp4", exchange -> {
      exchange.sendResponseHeaders(403, -1);
      exchange.close();
    });
    server.createContext("/flaky.mp4", exchange -> {
      if (flakyRequests.incrementAndGet() <= 2) {
        exchange.sendResponseHeaders(503, -1);
        exchange.close();
        return;
      }
      exchange.sendResponseHeaders(200, servedVideo.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(servedVideo);
      }
    });
    server.start();
  }

  @AfterEach
  void tearDown() {
    workers.close();
    server.stop(0);
  }

  private LocalProvider local(Duration latency, JobWatch watch) {
    ProviderSettings config = new ProviderSettings("local");
    config.setLatency(latency);
    config.setJobsDir(dir.resolve("jobs").toString());
    return new LocalProvider(config, store, watch);
  }

  private AssetRef startFrame() throws Exception {
    return store.put(TestMedia.png(dir.resolve("s.png"), TestMedia.picture(320, 180, Color.BLUE, Color.CYAN)),
        "image/png");
  }

  @Test
  void theLocalProviderNotifiesWhenItsRenderIsDone() throws Exception {
    JobWatch watch = workers.watch(Duration.ofMinutes(10), Map.of());
    LocalProvider local = local(Duration.ofSeconds(1), watch);
    GenerationRequest request = Requests.clip("reveal", startFrame(), null, 1);
    try (ProviderWorkers.Process worker = workers.start("local", watch, store, List.of(local)); local) {
      long started = System.nanoTime();
      WorkflowStub call = workers.call(request, 0);
      ProviderWorkers.await(() -> watch.waiting() == 1, Duration.ofSeconds(20), "the wait to register");
      GenerationResult result = call.getResult(GenerationResult.class);
      long millis = (System.nanoTime() - started) / 1_000_000;

      assertTrue(millis >= 1_000, "the latency was waited out, took " + millis + " ms");
      assertTrue(millis < 8_000, "the render's notification ended the wait, not a 60 s fallback poll: " + millis + " ms");
      assertEquals("local", result.provider());
      assertEquals("video/mp4", result.asset().contentType());
      assertTrue(store.exists(result.asset().id()));
      assertEquals(1.0, result.durationSeconds(), 1e-9);
      assertEquals(0, BigDecimal.ZERO.compareTo(result.costUsd()));
      assertEquals(1, local.submissions(request.idempotencyKey()), "waiting never submits again");
    }
  }

  @Test
  void aRestartedWorkerPicksUpTheJobInTheNextAttempt() throws Exception {
    GenerationRequest request = Requests.clip("reveal", startFrame(), null, 1);
    JobWatch firstWatch = workers.watch(Duration.ofMinutes(10), Map.of());
    LocalProvider firstLocal = local(Duration.ofMillis(1500), firstWatch);
    ProviderWorkers.Process first = workers.start("local", firstWatch, store, List.of(firstLocal));
    WorkflowStub call = workers.call(request, 2_000);
    ProviderWorkers.await(() -> firstWatch.waiting() == 1, Duration.ofSeconds(20), "the first wait to register");
    // the worker process dies with the job waiting and its render not started
    first.close();
    firstLocal.close();

    JobWatch secondWatch = workers.watch(Duration.ofMinutes(10), Map.of());
    try (LocalProvider secondLocal = local(Duration.ofMillis(1500), secondWatch);
        ProviderWorkers.Process second = workers.start("local", secondWatch, store, List.of(secondLocal))) {
      GenerationResult result = call.getResult(GenerationResult.class);

      assertTrue(store.exists(result.asset().id()));
      assertEquals(1.0, result.durationSeconds(), 1e-9);
      assertEquals(1, secondLocal.submissions(request.idempotencyKey()), "the restart did not submit again");
      long timeouts = workers.env.getWorkflowClient().fetchHistory(call.getExecution().getWorkflowId()).getEvents()
          .stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
          .filter(e -> e.getActivityTaskStartedEventAttributes().getAttempt() >= 2).count();
      assertEquals(1, timeouts, "the dead worker's attempt timed out and the retry finished the job");
    }
  }

  @Test
  void downloadsUrlOutputsAtOnce() throws Exception {
    GenerationResult result = remoteCall("/out.mp4").getResult(GenerationResult.class);

    assertEquals("video/mp4", result.asset().contentType());
    assertArrayEquals(servedVideo, Files.readAllBytes(store.path(result.asset().id())));
    assertEquals(new BigDecimal("0.49"), result.costUsd());
    assertEquals(1.0, result.durationSeconds(), 1e-9);
  }

  @Test
  void anExpiredOutputUrlFailsTheJob() throws Exception {
    WorkflowStub call = remoteCall("/expired.mp4");
    WorkflowFailedException failed = assertThrows(WorkflowFailedException.class,
        () -> call.getResult(GenerationResult.class));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class,
        assertInstanceOf(ActivityFailure.class, failed.getCause()).getCause());
    assertEquals(ProviderError.JOB_FAILED.name(), cause.getType());
    assertTrue(cause.isNonRetryable());
  }

  @Test
  void aBusyDownloadIsTriedAgainUntilItWorks() throws Exception {
    GenerationResult result = remoteCall("/flaky.mp4").getResult(GenerationResult.class);

    assertArrayEquals(servedVideo, Files.readAllBytes(store.path(result.asset().id())));
    assertEquals(3, flakyRequests.get(), "two 503 answers, then the file");
  }

  @Test
  void submitFailuresAreClassified() {
    JobWatch watch = workers.watch(Duration.ofMinutes(1), Map.of());
    ProviderActivities limited = new ProviderActivitiesImpl(List.of(new UrlProvider(null, Duration.ofSeconds(7))),
        store, watch, new ProviderHttp());
    // outside an activity the failure surfaces directly
    ApplicationFailure rateLimited = assertThrows(ApplicationFailure.class, () -> limited.submit(request("remote")));
    assertEquals(ProviderError.RATE_LIMITED.name(), rateLimited.getType());
    assertEquals(Duration.ofSeconds(7), rateLimited.getNextRetryDelay());

    ApplicationFailure unknown = assertThrows(ApplicationFailure.class, () -> limited.submit(request("nowhere")));
    assertEquals(ProviderError.INVALID_REQUEST.name(), unknown.getType());
    assertTrue(unknown.isNonRetryable());
    assertTrue(unknown.getOriginalMessage().contains("nowhere"));
    watch.close();
  }

  /** A call to a provider whose jobs are done at once with {@code path} on the test server as output URL. */
  private WorkflowStub remoteCall(String path) {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    JobWatch watch = workers.watch(Duration.ofMinutes(10), Map.of("remote", Duration.ofMillis(50)));
    workers.start("remote", watch, store, List.of(new UrlProvider(url, null)));
    return workers.call(request("remote"), 0);
  }

  private static GenerationRequest request(String provider) {
    GenerationRequest base = Requests.keyframe("reveal", "start", "x");
    return new GenerationRequest(base.idempotencyKey(), base.storyboardId(), base.shotId(), GenerationKind.CLIP,
        provider, base.model(), base.tier(), base.prompt(), null, 1, 320, 180, 24, "16:9", null, null, null, null, 1);
  }

  /** A provider whose jobs finish at once with an output URL, or whose submit is rate limited. */
  private record UrlProvider(URI output, Duration rateLimitedFor) implements ProviderAdapter {
    @Override
    public String name() {
      return "remote";
    }

    @Override
    public String submit(GenerationRequest request) {
      if (rateLimitedFor != null) {
        throw new ProviderException(ProviderError.RATE_LIMITED, "429 Too Many Requests", rateLimitedFor);
      }
      return "remote-job-1";
    }

    @Override
    public JobState poll(ProviderJob job, GenerationRequest request) {
      return JobState.Succeeded.url(output, new BigDecimal("0.49"), null);
    }
  }
}
