package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.activity.CatalogActivities.StoryboardRecord;
import io.shotflow.review.Subjects;
import io.shotflow.shot.ShotResult;
import io.shotflow.shot.ShotStage;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.temporal.WorkflowIds;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Cancels that come while a workflow records an end of its own. {@link #run}: the keyframe review's deadline cancels
 * the shot, and while that workflow task writes the cancelled stage, the shot's workflow is cancelled from outside;
 * the server refuses the task's completion, so the worker replays the deadline's timer and the cancel in one task.
 * {@link #runFailing}: the storyboard fails, and while the catalog is slow to take the failure, it is cancelled.
 */
final class LateCancelScenario {

  static final String ID = "late-cancel";
  static final String SHOT = "a";
  static final String FAILING_ID = "late-cancel-failing";
  static final String SPEC = """
      title: Late cancel
      review: {keyframes: required, clips: auto, deadline: PT1H, on_deadline: cancel}
      shots: [{id: a, prompt: p, start_frame: {prompt: k}}]
      """;

  static final String FAILING_SPEC = """
      title: Broken media while the database is slow
      review: {keyframes: auto, clips: auto}
      shots: [{id: a, prompt: p, start_frame: {prompt: k}, extend: [{prompt: more}]}]
      """;

  private LateCancelScenario() {}

  static void run(Harness h) {
    h.start(ID, SPEC);
    h.awaitPending(ID, SHOT, Subjects.keyframe(SHOT, "start"));
    WorkflowStub shot = h.client.newUntypedWorkflowStub(WorkflowIds.shot(ID, SHOT));
    // the test server skips time only once the write is done, so the skip runs beside the cancel
    cancelWhileWriting(h, shot, record -> record instanceof ShotStageRecord stage
        && stage.stage() == ShotStage.CANCELLED, () -> h.env.sleep(Duration.ofHours(2)), () -> {});
    assertThrows(WorkflowFailedException.class, () -> shot.getResult(ShotResult.class));
  }

  static void runFailing(Harness h) {
    h.media.failJoins = true;
    // a short task timeout: the worker heartbeats the task that waits for the slow write, and the cancel comes in
    h.workflowTaskTimeout = Duration.ofSeconds(1);
    WorkflowStub storyboard = h.client.newUntypedWorkflowStub(WorkflowIds.storyboard(FAILING_ID));
    cancelWhileWriting(h, storyboard, record -> record instanceof StoryboardRecord r
        && r.state() == StoryboardState.FAILED, () -> h.start(FAILING_ID, FAILING_SPEC),
        () -> Harness.eventually(() -> sawTheCancel(h), saw -> saw, "the storyboard's task after the cancel"));
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> h.result(FAILING_ID));
    assertInstanceOf(CanceledFailure.class, e.getCause());
  }

  /** Whether a workflow task of the storyboard completed after its cancel request. */
  private static boolean sawTheCancel(Harness h) {
    List<EventType> events = h.client.fetchHistory(WorkflowIds.storyboard(FAILING_ID)).getHistory().getEventsList()
        .stream().map(HistoryEvent::getEventType).toList();
    int cancel = events.indexOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
    return cancel >= 0 && events.subList(cancel, events.size()).contains(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  }

  /**
   * Runs {@code cause} beside the workflow; when the catalog is about to keep the first record that {@code matches},
   * cancels {@code workflow} and, once {@code thenWait} returns, lets the write go on.
   */
  private static void cancelWhileWriting(Harness h, WorkflowStub workflow, Predicate<Record> matches, Runnable cause,
      Runnable thenWait) {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    h.catalog.beforeWrite = record -> {
      if (matches.test(record) && writing.getCount() > 0) {
        writing.countDown();
        await(cancelled);
      }
    };
    CompletableFuture<Void> running = CompletableFuture.runAsync(cause);
    await(writing);
    workflow.cancel();
    thenWait.run();
    cancelled.countDown();
    running.join();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
