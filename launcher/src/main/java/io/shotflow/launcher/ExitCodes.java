package io.shotflow.launcher;

/** Exit codes of {@code ./shotflow}. */
final class ExitCodes {
  static final int OK = 0;
  /** The storyboard failed, was cancelled or is lost (run, watch); a measurement could not be made (bench). */
  static final int NOT_COMPLETED = 1;
  /** The spec is invalid; nothing was started. */
  static final int INVALID_SPEC = 2;
  /** A command's argument or option is invalid (picocli's usage errors have the same code); nothing was sent. */
  static final int USAGE = 2;
  /** A provider failure waits for a human decision, which --auto-approve does not make. */
  static final int NEEDS_DECISION = 3;
  /** The API refused the request (400 a field, 404 unknown storyboard, 409 not awaiting review); nothing changed. */
  static final int REFUSED = 4;
  /** No API token was found, or the API did not accept it (401) or its role (403). */
  static final int NOT_AUTHORIZED = 5;
  /** The API could not be reached, or answered with a server error. */
  static final int API_UNAVAILABLE = 6;

  private ExitCodes() {}
}
