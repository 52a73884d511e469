package io.shotflow.api.storyboard;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;

/** Reading why Temporal refused a call. */
final class TemporalFailures {

  private TemporalFailures() {}

  /** The validator's own words for a rejected update. */
  static String rejection(WorkflowUpdateException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure failure && failure.getOriginalMessage() != null) {
        return failure.getOriginalMessage();
      }
    }
    return e.getMessage();
  }

  /** True when the workflow does not exist or has already closed. */
  static boolean notRunning(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof WorkflowNotFoundException) {
        return true;
      }
      if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return true;
      }
    }
    return false;
  }
}
