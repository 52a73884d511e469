package io.shotflow.activities.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.temporal.worker.WorkerFactory;
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
import io.shotflow.catalog.SubmissionLedger;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;

/**
 * The provider activities: the submit ledger's decisions, and on the real Temporal test server the wait, a wait that
 * outlives its worker, and the copy into the asset store.
 */
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

  private LocalProvider local(Duration latency) {
    ProviderSettings config = new ProviderSettings("local");
    config.setLatency(latency);
    config.setJobsDir(dir.resolve("jobs").toString());
    return new LocalProvider(config, store, workers.notifications);
  }

  private AssetRef startFrame() throws Exception {
    return store.put(TestMedia.png(dir.resolve("s.png"), TestMedia.picture(320, 180, Color.BLUE, Color.CYAN)),
        "image/png");
  }

  @Test
  void theLocalProviderSignalsTheWaitWhenItsRenderIsDone() throws Exception {
    LocalProvider local = local(Duration.ofSeconds(1));
    GenerationRequest request = Requests.clip("reveal", startFrame(), null, 1);
    workers.start("local", store, List.of(local), Map.of());
    try (local) {
      long started = System.nanoTime();
      WorkflowStub call = workers.call(request);
      GenerationResult result = call.getResult(GenerationResult.class);
      long millis = (System.nanoTime() - started) / 1_000_000;

      assertTrue(millis >= 1_000, "the latency was waited out, took " + millis + " ms");
      assertTrue(millis < 20_000, "the render's signal ended the wait, not the 60 s fallback check: " + millis + " ms");
      assertEquals("local", result.provider());
      assertEquals("video/mp4", result.asset().contentType());
      assertTrue(store.exists(result.asset().id()));
      assertEquals(1.0, result.durationSeconds(), 1e-9);
      assertEquals(0, BigDecimal.ZERO.compareTo(result.costUsd()));
      assertEquals(1, local.submissions(request.idempotencyKey()), "waiting never submits again");
      assertEquals(1, checks(call), "one check, woken by the signal");
    }
  }

  @Test
  void aWaitOutlivesItsWorkerAndNeverSubmitsAgain() throws Exception {
    GenerationRequest request = Requests.clip("reveal", startFrame(), null, 1);
    LocalProvider firstLocal = local(Duration.ofSeconds(3));
    WorkerFactory first = workers.start("local", store, List.of(firstLocal), Map.of("local", Duration.ofSeconds(2)));
    WorkflowStub call = workers.call(request);
    ProviderWorkers.await(() -> firstLocal.submissions(request.idempotencyKey()) == 1, Duration.ofSeconds(20),
        "the submit");
    // the worker process dies with the job waiting and its render not started
    first.shutdownNow();
    firstLocal.close();

    try (LocalProvider secondLocal = local(Duration.ofSeconds(3))) {
      workers.start("local", store, List.of(secondLocal), Map.of("local", Duration.ofSeconds(2)));
      GenerationResult result = call.getResult(GenerationResult.class);

      assertTrue(store.exists(result.asset().id()));
      assertEquals(1.0, result.durationSeconds(), 1e-9);
      assertEquals(1, secondLocal.submissions(request.idempotencyKey()), "the restart did not submit again");
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
  void anExpiredOutputUrlIsAGoneOutput() throws Exception {
    WorkflowStub call = remoteCall("/expired.mp4");
    WorkflowFailedException failed = assertThrows(WorkflowFailedException.class,
        () -> call.getResult(GenerationResult.class));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class,
        assertInstanceOf(ActivityFailure.class, failed.getCause()).getCause());
    assertEquals(ProviderError.OUTPUT_GONE.name(), cause.getType());
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
    ProviderActivities limited = activities(new UrlProvider(null, Duration.ofSeconds(7)));
    // outside an activity the failure surfaces directly
    ApplicationFailure rateLimited = assertThrows(ApplicationFailure.class, () -> limited.submit(request("remote")));
    assertEquals(ProviderError.RATE_LIMITED.name(), rateLimited.getType());
    assertEquals(Duration.ofSeconds(7), rateLimited.getNextRetryDelay());
    assertTrue(workers.ledger.find(request("remote").idempotencyKey(), "remote").isEmpty(),
        "a refused submit leaves no mark: it may be sent again");

    ApplicationFailure unknown = assertThrows(ApplicationFailure.class, () -> limited.submit(request("nowhere")));
    assertEquals(ProviderError.INVALID_REQUEST.name(), unknown.getType());
    assertTrue(unknown.isNonRetryable());
    assertTrue(unknown.getOriginalMessage().contains("nowhere"));
  }

  @Test
  void aSubmitThatMayHaveBeenAcceptedIsLookedUpAndAdopted() {
    LostAnswers provider = new LostAnswers(new SubmitLookup.Found("job-7"));
    ProviderJob job = activities(provider).submit(request("lossy"));

    assertEquals("job-7", job.jobId());
    assertEquals(1, provider.sent.get(), "sent once, never again");
    assertEquals("job-7", workers.ledger.find(request("lossy").idempotencyKey(), "lossy").orElseThrow().jobId());
  }

  @Test
  void aSubmitThatCannotBeLookedUpIsAHumansDecision() {
    LostAnswers provider = new LostAnswers(new SubmitLookup.Unknown("lossy has no idempotency key"));
    ProviderActivities activities = activities(provider);
    ApplicationFailure ambiguous = assertThrows(ApplicationFailure.class, () -> activities.submit(request("lossy")));

    assertEquals(ProviderError.AMBIGUOUS_SUBMIT.name(), ambiguous.getType());
    assertTrue(ambiguous.isNonRetryable());
    assertTrue(ambiguous.getOriginalMessage().contains("no idempotency key"), ambiguous.getOriginalMessage());
    // a retry of the activity (a new attempt) finds the mark and does not send either
    assertThrows(ApplicationFailure.class, () -> activities.submit(request("lossy")));
    assertEquals(1, provider.sent.get());
  }

  @Test
  void aSubmitTheProviderCertainlyDoesNotHoldIsSentAgain() {
    LostAnswers provider = new LostAnswers(new SubmitLookup.NotAccepted());
    ProviderActivities activities = activities(provider);
    ApplicationFailure lost = assertThrows(ApplicationFailure.class, () -> activities.submit(request("lossy")));
    assertEquals(ProviderError.TRANSIENT.name(), lost.getType());
    assertFalse(lost.isNonRetryable(), "retried: nothing was accepted");

    provider.loseAnswers = false;
    assertEquals("job-2", activities.submit(request("lossy")).jobId());
    assertEquals(2, provider.sent.get());
  }

  @Test
  void anAttemptThatDiedMidSubmitIsSettledByALookupNotASecondSend() {
    LostAnswers provider = new LostAnswers(new SubmitLookup.Found("job-from-the-dead-attempt"));
    provider.loseAnswers = false;
    workers.ledger.markSentWithoutAnswer(request("lossy").idempotencyKey(), "lossy", Instant.now());

    assertEquals("job-from-the-dead-attempt", activities(provider).submit(request("lossy")).jobId());
    assertEquals(0, provider.sent.get());
    assertEquals(1, provider.lookups.get());
  }

  @Test
  void anAcceptedSubmitIsNeverSentAgain() {
    LostAnswers provider = new LostAnswers(new SubmitLookup.NotAccepted());
    provider.loseAnswers = false;
    ProviderActivities activities = activities(provider);
    String first = activities.submit(request("lossy")).jobId();

    assertEquals(first, activities.submit(request("lossy")).jobId());
    assertEquals(1, provider.sent.get());
    assertEquals(0, provider.lookups.get());
  }

  /** With max-concurrent 1, a second job waits for the first to end: refused before it is sent, not retried here. */
  @Test
  void aFullProviderIsRefusedBeforeSendingUntilACheckSeesAJobEnd() {
    LostAnswers provider = new LostAnswers(new SubmitLookup.NotAccepted());
    provider.loseAnswers = false;
    ProviderActivities activities = new ProviderActivitiesImpl(List.of(provider), store, workers.ledger,
        new JobChecks(ProviderSettings::new, System::currentTimeMillis), new OutputDownloader(new ProviderHttp()),
        name -> new SubmissionLedger.Limits(1, null, Duration.ofHours(1)));
    GenerationRequest first = request("lossy");
    GenerationRequest second = new GenerationRequest(first.idempotencyKey() + "-v2", first.storyboardId(),
        first.shotId(), first.kind(), "lossy", first.model(), first.tier(), first.prompt(), null, 1, 320, 180, 24,
        "16:9", null, null, null, null, 2);
    ProviderJob running = activities.submit(first);

    ApplicationFailure busy = assertThrows(ApplicationFailure.class, () -> activities.submit(second));
    assertEquals(ProviderError.PROVIDER_BUSY.name(), busy.getType());
    assertTrue(busy.isNonRetryable(), "the workflow waits it out on a timer, not the activity's retries");
    assertEquals(1, provider.sent.get(), "nothing was sent for the refused submit");
    assertTrue(workers.ledger.find(second.idempotencyKey(), "lossy").isEmpty());

    provider.failed = true;
    assertThrows(ApplicationFailure.class,
        () -> activities.check(new ProviderActivities.CheckRequest(running, first, System.currentTimeMillis())));
    assertEquals("job-2", activities.submit(second).jobId(), "the ended job's slot went to the waiting one");
  }

  /**
   * Three calls to a provider with max-concurrent 1, on two workers that share the ledger: the second and third are
   * refused while a job runs, wait on timers, and are submitted as jobs end; never two jobs at once, never a failover.
   */
  @Test
  void callsToAFullProviderTakeTurnsAcrossWorkers() throws Exception {
    URI output = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/out.mp4");
    Turns provider = new Turns(output, Duration.ofMillis(1500));
    java.util.function.Function<String, SubmissionLedger.Limits> oneAtATime =
        name -> new SubmissionLedger.Limits(1, null, Duration.ofHours(1));
    workers.start("remote", store, List.of(provider), Map.of("remote", Duration.ofMillis(300)), oneAtATime);
    workers.start("remote", store, List.of(provider), Map.of("remote", Duration.ofMillis(300)), oneAtATime);
    List<WorkflowStub> calls = new java.util.ArrayList<>();
    for (int v = 1; v <= 3; v++) {
      GenerationRequest base = request("remote");
      calls.add(workers.call(new GenerationRequest(base.idempotencyKey() + "-v" + v, base.storyboardId(),
          base.shotId(), base.kind(), "remote", base.model(), base.tier(), base.prompt(), null, 1, 320, 180, 24,
          "16:9", null, null, null, null, v)));
    }
    for (WorkflowStub call : calls) {
      assertEquals(new BigDecimal("0.49"), call.getResult(GenerationResult.class).costUsd());
    }
    assertEquals(3, provider.submitted.get(), "each call submitted once");
    assertEquals(1, provider.mostInFlight.get(), "never two jobs at the provider at once");
    long busyWaits = calls.stream().mapToLong(call -> workers.env.getWorkflowClient()
        .fetchHistory(call.getExecution().getWorkflowId()).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED).count()).sum();
    assertTrue(busyWaits >= 2, "the later calls were refused while the provider was full: " + busyWaits);
  }

  @Test
  void aJobThatOutlivesItsProvidersLimitIsAHumansDecision() {
    ProviderSettings settings = new ProviderSettings("remote");
    settings.setMaxJobWait(Duration.ofHours(2));
    JobChecks checks = new JobChecks(name -> settings, () -> Duration.ofHours(3).toMillis());
    ApplicationFailure late = assertThrows(ApplicationFailure.class,
        () -> checks.nextCheckIn(new Running(), new ProviderJob("remote", "j", "k"), 0));
    assertEquals(ProviderError.JOB_TIMEOUT.name(), late.getType());
    assertTrue(late.isNonRetryable());
    assertEquals(Duration.ofMinutes(10), checks.nextCheckIn(new Running(), new ProviderJob("remote", "j", "k"),
        Duration.ofMinutes(80).toMillis()));
  }

  private ProviderActivities activities(ProviderAdapter adapter) {
    return new ProviderActivitiesImpl(List.of(adapter), store, workers.ledger,
        new JobChecks(ProviderSettings::new, System::currentTimeMillis), new OutputDownloader(new ProviderHttp()));
  }

  /** A call to a provider whose jobs are done at once with {@code path} on the test server as output URL. */
  private WorkflowStub remoteCall(String path) {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    workers.start("remote", store, List.of(new UrlProvider(url, null)), Map.of("remote", Duration.ofMillis(50)));
    return workers.call(request("remote"));
  }

  /** How many checks the call's workflow ran. */
  private long checks(WorkflowStub call) {
    return workers.env.getWorkflowClient().fetchHistory(call.getExecution().getWorkflowId()).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("Check"))
        .count();
  }

  private static GenerationRequest request(String provider) {
    GenerationRequest base = Requests.keyframe("reveal", "start", "x");
    return new GenerationRequest(base.idempotencyKey(), base.storyboardId(), base.shotId(), GenerationKind.CLIP,
        provider, base.model(), base.tier(), base.prompt(), null, 1, 320, 180, 24, "16:9", null, null, null, null, 1);
  }

  /** A provider that is always still running. */
  private static final class Running implements ProviderAdapter {
    @Override
    public String name() {
      return "remote";
    }

    @Override
    public String submit(GenerationRequest request) {
      return "job";
    }

    @Override
    public JobState poll(ProviderJob job, GenerationRequest request) {
      return new JobState.Running("processing");
    }
  }

  /** A provider that accepts every submit and loses the answer while {@code loseAnswers}, then is looked up. */
  private static final class LostAnswers implements ProviderAdapter {
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    final SubmitLookup lookup;
    volatile boolean loseAnswers = true;
    volatile boolean failed;

    LostAnswers(SubmitLookup lookup) {
      this.lookup = lookup;
    }

    @Override
    public String name() {
      return "lossy";
    }

    @Override
    public String submit(GenerationRequest request) {
      int n = sent.incrementAndGet();
      if (loseAnswers) {
        throw ProviderException.maybeAccepted(ProviderError.TRANSIENT, "502 Bad Gateway after the request was sent");
      }
      return "job-" + n;
    }

    @Override
    public SubmitLookup findSubmitted(GenerationRequest request, Instant sentAt) {
      lookups.incrementAndGet();
      return lookup;
    }

    @Override
    public JobState poll(ProviderJob job, GenerationRequest request) {
      return failed ? new JobState.Failed(ProviderError.JOB_FAILED, "failed on its side") : new JobState.Running();
    }
  }

  /** A provider whose jobs run for {@code runFor} each, counting how many it holds at once. */
  private static final class Turns implements ProviderAdapter {
    final AtomicInteger submitted = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    private final java.util.Map<String, Long> endsAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final URI output;
    private final Duration runFor;

    Turns(URI output, Duration runFor) {
      this.output = output;
      this.runFor = runFor;
    }

    @Override
    public String name() {
      return "remote";
    }

    @Override
    public synchronized String submit(GenerationRequest request) {
      long now = System.currentTimeMillis();
      String job = "turn-" + submitted.incrementAndGet();
      endsAt.put(job, now + runFor.toMillis());
      mostInFlight.accumulateAndGet((int) endsAt.values().stream().filter(end -> end > now).count(), Math::max);
      return job;
    }

    @Override
    public JobState poll(ProviderJob job, GenerationRequest request) {
      return System.currentTimeMillis() < endsAt.get(job.jobId()) ? new JobState.Running("processing")
          : JobState.Succeeded.url(output, new BigDecimal("0.49"), null);
    }
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
