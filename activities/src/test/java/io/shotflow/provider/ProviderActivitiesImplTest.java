package io.shotflow.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.shotflow.asset.FileAssetStore;
import io.shotflow.media.AssetRef;
import io.shotflow.provider.local.ClipRendererFixture;
import io.shotflow.provider.local.LocalProvider;
import io.shotflow.provider.local.LocalProviderConfig;
import io.shotflow.testing.MutableClock;
import io.shotflow.testing.Requests;
import io.shotflow.testing.TestMedia;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.awt.Color;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderActivitiesImplTest {

  @TempDir Path dir;

  private FileAssetStore store;
  private MutableClock clock;
  private TestActivityEnvironment env;
  private HttpServer server;
  private byte[] servedVideo;

  @BeforeEach
  void setUp() throws Exception {
    store = new FileAssetStore(dir.resolve("assets"));
    clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    env = TestActivityEnvironment.newInstance();
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
    server.createContext("/busy.mp4", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
    server.stop(0);
  }

  private ProviderActivities activities(ProviderAdapter... adapters) {
    env.registerActivitiesImplementations(new ProviderActivitiesImpl(List.of(adapters), store));
    return env.newActivityStub(ProviderActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  private LocalProvider local(Duration latency) {
    LocalProviderConfig config = new LocalProviderConfig();
    config.setLatency(latency);
    config.setJobsDir(dir.resolve("jobs").toString());
    return new LocalProvider(config, store, clock);
  }

  @Test
  void pollsUntilDoneThenCopiesTheOutputIntoTheAssetStore() throws Exception {
    LocalProvider local = local(Duration.ofSeconds(20));
    ProviderActivities activities = activities(local);
    AssetRef start = store.put(TestMedia.png(dir.resolve("s.png"), TestMedia.picture(320, 180, Color.BLUE, Color.CYAN)),
        "image/png");
    GenerationRequest request = Requests.clip("reveal", start, null, 1);

    ProviderJob job = activities.submit(request);
    assertEquals("local", job.provider());
    assertEquals(request.idempotencyKey(), job.idempotencyKey());

    ActivityFailure pending = assertThrows(ActivityFailure.class,
        () -> activities.awaitResult(new ProviderActivities.AwaitRequest(job, request)));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, pending.getCause());
    assertEquals(ProviderError.JOB_PENDING.name(), cause.getType());
    assertFalse(cause.isNonRetryable(), "pending is retried: that retry is the poll");

    clock.advance(Duration.ofSeconds(20));
    GenerationResult result = activities.awaitResult(new ProviderActivities.AwaitRequest(job, request));

    assertEquals(job.jobId(), result.providerJobId());
    assertEquals("local", result.provider());
    assertEquals("video/mp4", result.asset().contentType());
    assertTrue(store.exists(result.asset().id()));
    assertEquals(1.0, result.durationSeconds(), 1e-9);
    assertEquals(0, BigDecimal.ZERO.compareTo(result.costUsd()));
    assertEquals(1, local.submissions(request.idempotencyKey()), "polling never submits again");
  }

  @Test
  void downloadsUrlOutputsAtOnce() throws Exception {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/out.mp4");
    ProviderActivities activities = activities(new UrlProvider(url, null));
    GenerationRequest request = request("remote");

    GenerationResult result = activities.awaitResult(
        new ProviderActivities.AwaitRequest(activities.submit(request), request));

    assertEquals("video/mp4", result.asset().contentType());
    assertArrayEquals(servedVideo, Files.readAllBytes(store.path(result.asset().id())));
    assertEquals(new BigDecimal("0.49"), result.costUsd());
    assertEquals(1.0, result.durationSeconds(), 1e-9);
  }

  @Test
  void classifiesDownloadAndCallFailures() {
    int port = server.getAddress().getPort();
    GenerationRequest request = request("remote");

    ProviderActivities expired = activities(new UrlProvider(URI.create("http://127.0.0.1:" + port + "/expired.mp4"),
        null));
    ApplicationFailure gone = cause(() ->
        expired.awaitResult(new ProviderActivities.AwaitRequest(expired.submit(request), request)));
    assertEquals(ProviderError.JOB_FAILED.name(), gone.getType());
    assertTrue(gone.isNonRetryable());
    env.close();

    env = TestActivityEnvironment.newInstance();
    ProviderActivities busy = activities(new UrlProvider(URI.create("http://127.0.0.1:" + port + "/busy.mp4"), null));
    assertEquals(ProviderError.TRANSIENT.name(),
        cause(() -> busy.awaitResult(new ProviderActivities.AwaitRequest(busy.submit(request), request))).getType());
    env.close();

    env = TestActivityEnvironment.newInstance();
    ProviderActivities limited = activities(new UrlProvider(null, Duration.ofSeconds(7)));
    ApplicationFailure rateLimited = cause(() -> limited.submit(request));
    assertEquals(ProviderError.RATE_LIMITED.name(), rateLimited.getType());
    assertEquals(Duration.ofSeconds(7), rateLimited.getNextRetryDelay());
  }

  @Test
  void anUnknownProviderIsAnInvalidRequest() {
    ProviderActivities activities = activities(local(Duration.ZERO));
    ApplicationFailure failure = cause(() -> activities.submit(request("nowhere")));
    assertEquals(ProviderError.INVALID_REQUEST.name(), failure.getType());
    assertTrue(failure.isNonRetryable());
    assertTrue(failure.getOriginalMessage().contains("nowhere"));
  }

  private static ApplicationFailure cause(Runnable call) {
    ActivityFailure failure = assertThrows(ActivityFailure.class, call::run);
    return assertInstanceOf(ApplicationFailure.class, failure.getCause());
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
