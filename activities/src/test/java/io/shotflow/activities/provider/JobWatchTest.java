package io.shotflow.activities.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.asset.FileAssetStore;
import io.shotflow.testing.Requests;
import io.shotflow.testing.TestMedia;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.awt.Color;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderError;

/** Waits on the real Temporal test server: notified, notified early, polled, and past the maximum wait. */
class JobWatchTest {

  private static final String NOTIFYING = "hooked";
  private static final String POLLED = "polled";

  @TempDir Path dir;

  private ProviderWorkers workers;
  private FileAssetStore store;
  private Path output;

  @BeforeEach
  void setUp() throws Exception {
    workers = new ProviderWorkers();
    store = new FileAssetStore(dir.resolve("assets"));
    output = TestMedia.png(dir.resolve("out.png"), TestMedia.picture(320, 180, Color.ORANGE, Color.BLUE));
  }

  @AfterEach
  void tearDown() {
    workers.close();
  }

  @Test
  void aNotificationCompletesTheWaitWithinAFractionOfASecond() throws Exception {
    ScriptedProvider provider = new ScriptedProvider(NOTIFYING, true, output);
    try (ProviderWorkers.Process worker = workers.start(NOTIFYING,
        workers.watch(Duration.ofMinutes(10), Map.of()), store, List.of(provider))) {
      notifiedCall(provider, worker.watch());   // warms up the completion path
      provider.polls.set(0);

      NotifiedCall call = notifiedCall(provider, worker.watch());
      GenerationResult result = call.stub().getResult(GenerationResult.class);

      HistoryEvent completed = workers.env.getWorkflowClient().fetchHistory(call.stub().getExecution().getWorkflowId())
          .getEvents().stream().filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
          .reduce((first, second) -> second).orElseThrow();
      long millis = completed.getEventTime().getSeconds() * 1000 + completed.getEventTime().getNanos() / 1_000_000
          - call.notifiedAtMillis();
      assertTrue(millis < 200, "the wait completed " + millis + " ms after the notification");
      assertEquals(provider.lastJob, result.providerJobId());
      assertEquals(0, new BigDecimal("0.25").compareTo(result.costUsd()));
      assertTrue(store.exists(result.asset().id()), "the output was copied into the asset store");
      assertEquals(1, provider.polls.get(), "one poll confirms the notification; none before it");
      assertEquals(0, worker.watch().waiting());
    }
  }

  private record NotifiedCall(WorkflowStub stub, long notifiedAtMillis) {}

  /** Starts a call, waits until it is registered without a poll, then ends its job and notifies. */
  private NotifiedCall notifiedCall(ScriptedProvider provider, JobWatch watch) throws InterruptedException {
    WorkflowStub call = workers.call(request(NOTIFYING), 0);
    ProviderWorkers.await(() -> watch.waiting() == 1, Duration.ofSeconds(20), "the wait to register");
    assertEquals(0, provider.polls.get(), "a first attempt on a notifying provider waits without polling");
    provider.finish(provider.lastJob);
    long notifiedAt = System.currentTimeMillis();
    watch.jobChanged(NOTIFYING, provider.lastJob);
    call.getResult(GenerationResult.class);
    return new NotifiedCall(call, notifiedAt);
  }

  @Test
  void aNotificationBeforeTheWaitRegistersIsRemembered() throws Exception {
    ScriptedProvider provider = new ScriptedProvider(NOTIFYING, true, output);
    JobWatch watch = workers.watch(Duration.ofMinutes(10), Map.of());
    provider.onSubmit = id -> {
      provider.finish(id);
      watch.jobChanged(NOTIFYING, id);
    };
    try (ProviderWorkers.Process worker = workers.start(NOTIFYING, watch, store, List.of(provider))) {
      long started = System.nanoTime();
      GenerationResult result = workers.call(request(NOTIFYING), 0).getResult(GenerationResult.class);

      assertEquals(provider.lastJob, result.providerJobId());
      assertEquals(1, provider.polls.get(), "the remembered notification is confirmed by one poll, in the attempt");
      assertTrue((System.nanoTime() - started) / 1_000_000 < 5_000, "no fallback poll was needed");
    }
  }

  @Test
  void theFallbackPollCompletesAWaitNobodyNotifies() throws Exception {
    ScriptedProvider provider = new ScriptedProvider(POLLED, false, output);
    Duration interval = Duration.ofMillis(300);
    try (ProviderWorkers.Process worker = workers.start(POLLED,
        workers.watch(Duration.ofMinutes(10), Map.of(POLLED, interval)), store, List.of(provider))) {
      WorkflowStub call = workers.call(request(POLLED), 0);
      ProviderWorkers.await(() -> worker.watch().waiting() == 1, Duration.ofSeconds(20), "the wait to register");
      Thread.sleep(1_000);
      int pollsWhileRunning = provider.polls.get();
      provider.finish(provider.lastJob);
      GenerationResult result = call.getResult(GenerationResult.class);

      assertEquals(provider.lastJob, result.providerJobId());
      assertTrue(pollsWhileRunning >= 2 && pollsWhileRunning <= 5,
          "about one poll per 300 ms while the job ran, got " + pollsWhileRunning);
      assertEquals(pollsWhileRunning + 1, provider.polls.get(), "the next poll found it done");
    }
  }

  @Test
  void aFailedJobFailsTheWaitWithItsProviderError() throws Exception {
    ScriptedProvider provider = new ScriptedProvider(NOTIFYING, true, output);
    try (ProviderWorkers.Process worker = workers.start(NOTIFYING,
        workers.watch(Duration.ofMinutes(10), Map.of()), store, List.of(provider))) {
      WorkflowStub call = workers.call(request(NOTIFYING), 0);
      ProviderWorkers.await(() -> worker.watch().waiting() == 1, Duration.ofSeconds(20), "the wait to register");
      provider.fail(provider.lastJob, ProviderError.CONTENT_POLICY, "prompt refused by moderation");
      worker.watch().jobChanged(NOTIFYING, provider.lastJob);

      WorkflowFailedException failed = assertThrows(WorkflowFailedException.class,
          () -> call.getResult(GenerationResult.class));
      ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class,
          assertInstanceOf(ActivityFailure.class, failed.getCause()).getCause());
      assertEquals(ProviderError.CONTENT_POLICY.name(), cause.getType());
      assertEquals("prompt refused by moderation", cause.getOriginalMessage());
    }
  }

  @Test
  void pastTheMaximumWaitTheNextAttemptFindsTheJobDone() throws Exception {
    ScriptedProvider provider = new ScriptedProvider(NOTIFYING, true, output);
    try (ProviderWorkers.Process worker = workers.start(NOTIFYING,
        workers.watch(Duration.ofMillis(800), Map.of()), store, List.of(provider))) {
      WorkflowStub call = workers.call(request(NOTIFYING), 0);
      ProviderWorkers.await(() -> worker.watch().waiting() == 1, Duration.ofSeconds(20), "the wait to register");
      ProviderWorkers.await(() -> "JOB_PENDING".equals(pendingAwait(call).getLastFailure()
          .getApplicationFailureInfo().getType()), Duration.ofSeconds(20), "the first attempt to end JOB_PENDING");
      assertEquals(0, provider.polls.get(), "the first attempt waited without polling");
      // the job ends unnoticed (a lost webhook)
      provider.finish(provider.lastJob);
      GenerationResult result = call.getResult(GenerationResult.class);

      assertEquals(provider.lastJob, result.providerJobId());
      assertEquals(1, provider.polls.get(), "the second attempt polled once and found it done");
      List<HistoryEvent> started = workers.env.getWorkflowClient()
          .fetchHistory(call.getExecution().getWorkflowId()).getEvents().stream()
          .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED).toList();
      assertEquals(2, started.get(started.size() - 1).getActivityTaskStartedEventAttributes().getAttempt());
    }
  }

  /** The await activity of a running call, as the server describes it. */
  private PendingActivityInfo pendingAwait(WorkflowStub call) {
    var description = workers.env.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(workers.env.getNamespace())
            .setExecution(call.getExecution())
            .build());
    return description.getPendingActivitiesCount() == 0 ? PendingActivityInfo.getDefaultInstance()
        : description.getPendingActivities(0);
  }

  private static GenerationRequest request(String provider) {
    GenerationRequest r = Requests.keyframe("reveal", "start", "A closed box");
    return new GenerationRequest(r.idempotencyKey(), r.storyboardId(), r.shotId(), r.kind(), provider, r.model(),
        r.tier(), r.prompt(), null, 0, r.width(), r.height(), r.fps(), r.aspectRatio(), null, null, null, null, 1);
  }
}
