package io.shotflow.bench;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The least a workflow can do with an update: answer it at once. The benchmark measures updates to these at the API's
 * rate as the floor under the API's latency: what a review costs that is Temporal's, not the API's or the workflow's.
 */
@WorkflowInterface
public interface UpdateFloorWorkflow {

  /** Waits for {@link #finish()}. */
  @WorkflowMethod
  void run();

  /** Answers {@code value}, changing nothing. */
  @UpdateMethod
  String echo(String value);

  @SignalMethod
  void finish();

  class Impl implements UpdateFloorWorkflow {
    private boolean finished;

    @Override
    public void run() {
      Workflow.await(() -> finished);
    }

    @Override
    public String echo(String value) {
      return value;
    }

    @Override
    public void finish() {
      finished = true;
    }
  }
}
