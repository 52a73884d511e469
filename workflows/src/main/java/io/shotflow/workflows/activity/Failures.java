package io.shotflow.workflows.activity;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;

/** Short texts for failures, for catalog details and status lines. */
public final class Failures {

  private Failures() {}

  /** The innermost cause, as "Type: message" for application failures (for example "MediaDecodeError: cannot decode …"). */
  public static String rootCause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof ApplicationFailure app) {
      return app.getType() + ": " + app.getOriginalMessage();
    }
    return root instanceof TemporalFailure temporal ? temporal.getOriginalMessage() : String.valueOf(root.getMessage());
  }
}
