package io.shotflow.launcher;

/** Exit codes of {@code ./shotflow run}. */
final class ExitCodes {
  static final int OK = 0;
  /** The storyboard failed or was cancelled (run); a measurement could not be made (bench). */
  static final int NOT_COMPLETED = 1;
  /** The spec is invalid; nothing was started. */
  static final int INVALID_SPEC = 2;
  /** A provider failure waits for a human decision, which --auto-approve does not make. */
  static final int NEEDS_DECISION = 3;

  private ExitCodes() {}
}
