package io.shotflow.bench;

import io.shotflow.temporal.WorkflowIds;
import java.time.Duration;

/**
 * {@code max_history_events}: one storyboard of {@code shots} full-pipeline shots run to completion (it must complete),
 * then the history of every workflow involved (the storyboard and each shot) fetched and counted.
 */
final class HistorySize {

  record Result(int maxEvents, String largestWorkflow, int storyboardEvents, int maxShotEvents, int shots,
      double seconds) {}

  private HistorySize() {}

  static Result measure(BenchStack stack, int shots) throws Exception {
    BenchProvider provider = stack.provider();
    provider.reset();
    provider.latency(Duration.ZERO);
    long started = System.nanoTime();
    BenchStack.Submitted storyboard = stack.submit(
        BenchSpecs.fullPipeline("History " + shots + " shots", shots, stack.outputs().dialogue()));
    stack.completed(storyboard, Duration.ofMinutes(30));
    double seconds = (System.nanoTime() - started) / 1e9;
    int storyboardEvents = stack.history(storyboard.workflowId()).size();
    int maxShot = 0;
    String largest = storyboard.workflowId();
    for (int i = 1; i <= shots; i++) {
      String shotWorkflow = WorkflowIds.shot(storyboard.id(), String.format("s%03d", i));
      int events = stack.history(shotWorkflow).size();
      if (events > maxShot) {
        maxShot = events;
        if (events > storyboardEvents) {
          largest = shotWorkflow;
        }
      }
    }
    return new Result(Math.max(storyboardEvents, maxShot), largest, storyboardEvents, maxShot, shots, seconds);
  }
}
