package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.catalog.CatalogActivities.ShotStageRecord;
import io.shotflow.review.Subjects;
import io.shotflow.shot.ShotResult;
import io.shotflow.shot.ShotStage;
import io.shotflow.temporal.WorkflowIds;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A cancel that comes while a shot records an end of its own: the keyframe review's deadline cancels the shot, and
 * while that workflow task writes the cancelled stage, the shot's workflow is cancelled from outside. The server
 * refuses the task's completion, so the worker replays the deadline's timer and the cancel in one task.
 */
final class LateCancelScenario {

  static final String ID = "late-cancel";
  static final String SHOT = "a";
  static final String SPEC = """
      title: Late cancel
      review: {keyframes: required, clips: auto, deadline: PT1H, on_deadline: cancel}
      shots: [{id: a, prompt: p, start_frame: {prompt: k}}]
      """;

  private LateCancelScenario() {}

  static void run(Harness h) {
    h.start(ID, SPEC);
    h.awaitPending(ID, SHOT, Subjects.keyframe(SHOT, "start"));
    WorkflowStub shot = h.client.newUntypedWorkflowStub(WorkflowIds.shot(ID, SHOT));
    // the test server skips time only once the write is done, so the skip runs beside the cancel
    cancelWhileWriting(h, shot, record -> record instanceof ShotStageRecord stage
        && stage.stage() == ShotStage.CANCELLED, () -> h.env.sleep(Duration.ofHours(2)));
    assertThrows(WorkflowFailedException.class, () -> shot.getResult(ShotResult.class));
  }

  /**
   * Runs {@code cause} beside the workflow; when the catalog is about to keep the first record that {@code matches},
   * cancels {@code workflow}, then lets the write go on.
   */
  static void cancelWhileWriting(Harness h, WorkflowStub workflow, Predicate<Record> matches, Runnable cause) {
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
