package io.shotflow.bench;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bare Temporal updates through the WorkflowClient, no HTTP: one {@link UpdateFloorWorkflow#echo} to each of as many
 * idle {@link UpdateFloorWorkflow}s, sent as the API's requests are (open loop, at the same rate), each blocking a
 * caller thread until it is answered as a review blocks an API request thread.
 */
final class UpdateFloor implements AutoCloseable {

  private static final Duration IDLE_WITHIN = Duration.ofMinutes(2);

  private final WorkflowClient client;
  private final ExecutorService callers;

  UpdateFloor(WorkflowClient client) {
    this.client = client;
    AtomicInteger threads = new AtomicInteger();
    this.callers = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "bench-update-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Starts {@code count} floor workflows and waits until each has run its first workflow task, so that an update
   * finds it idle, as a review finds the shot it approves.
   */
  List<UpdateFloorWorkflow> start(String prefix, int count) throws InterruptedException {
    List<UpdateFloorWorkflow> workflows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      UpdateFloorWorkflow workflow = client.newWorkflowStub(UpdateFloorWorkflow.class, WorkflowOptions.newBuilder()
          .setTaskQueue(BenchWorker.TASK_QUEUE)
          .setWorkflowId(prefix + i)
          .build());
      WorkflowClient.start(workflow::run);
      workflows.add(workflow);
    }
    long deadline = System.nanoTime() + IDLE_WITHIN.toNanos();
    for (int i = 0; i < count; i++) {
      String id = prefix + i;
      while (!ranFirstTask(id)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("floor workflow " + id + " did not run its first task within " + IDLE_WITHIN);
        }
        Thread.sleep(20);
      }
    }
    return workflows;
  }

  /** One update to each workflow at {@code perSecond}; the latencies in milliseconds, in order. */
  List<Double> updates(List<UpdateFloorWorkflow> workflows, double perSecond) throws InterruptedException {
    List<OpenLoop.Timed<String>> answers = OpenLoop.run(workflows.size(), perSecond,
        i -> CompletableFuture.supplyAsync(() -> workflows.get(i).echo("update " + i), callers));
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      if (!answers.get(i).answer().equals("update " + i)) {
        throw new IllegalStateException("update " + i + " answered '" + answers.get(i).answer() + "'");
      }
      millis.add(answers.get(i).millis());
    }
    return millis;
  }

  /** Ends the workflows and waits until they have completed. */
  void finish(List<UpdateFloorWorkflow> workflows) {
    workflows.forEach(UpdateFloorWorkflow::finish);
    workflows.forEach(w -> WorkflowStub.fromTyped(w).getResult(Void.class));
  }

  @Override
  public void close() {
    callers.shutdownNow();
  }

  private boolean ranFirstTask(String workflowId) {
    for (HistoryEvent event : client.fetchHistory(workflowId).getEvents()) {
      if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
        return true;
      }
    }
    return false;
  }
}
