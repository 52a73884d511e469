package io.shotflow.emulator.fal;

/**
 * Answers the fal emulator gives on demand (docs/providers.md §2). The HTTP faults refuse the submit or status call before
 * anything is queued; {@link #SLOW_ANSWER}, {@link #DROP_AFTER_ACCEPT}, {@link #LOST_ANSWER} and {@link #MALFORMED_JSON} queue the
 * request and then answer late, not at all, with a gateway's 502, or garbled (fal has no idempotency key, so the client cannot tell); the
 * {@code RESULT_*} faults queue the request and end it with an error result.
 */
public enum FalFault {
  UNAUTHORIZED(401),
  RATE_LIMIT(429),
  BAD_GATEWAY(502),
  UNAVAILABLE(503),
  GATEWAY_TIMEOUT(504),
  /** A 500 from fal before anything is queued. */
  SERVER_ERROR(500),
  MALFORMED_JSON(200),
  SLOW_ANSWER(200),
  DROP_AFTER_ACCEPT(200),
  /** Accepts the job, then a gateway answers 502 in place of the provider's lost answer. */
  LOST_ANSWER(200),
  /** The runner refuses the input: result 422 with a validation detail. */
  RESULT_422(422),
  /** Moderation refuses the input: result 422 whose detail type is {@code content_policy_violation}. */
  RESULT_CONTENT_POLICY(422),
  /** The runner failed: result 500 with an error type. */
  RESULT_RUNNER_ERROR(500);

  final int httpStatus;

  FalFault(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  boolean refuses() {
    return httpStatus != 200 && !name().startsWith("RESULT_");
  }

  boolean failsResult() {
    return name().startsWith("RESULT_");
  }
}
