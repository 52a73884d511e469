package io.shotflow.emulator.sync;

/**
 * Answers the Sync.so emulator gives on demand (docs/providers.md §5.1; the error body {@code {statusCode, message, error}} is
 * inferred [I]). The HTTP faults refuse the call before anything is created; {@link #SLOW_ANSWER},
 * {@link #DROP_AFTER_ACCEPT} and {@link #MALFORMED_JSON} create the generation and then answer late, not at all, or
 * garbled (without an {@code Idempotency-Key} the client cannot tell); the {@code GENERATION_*} faults create it and end
 * it {@code FAILED} or {@code REJECTED}.
 */
public enum SyncFault {
  UNAUTHORIZED(401, "Unauthorized", "Invalid API key", null),
  /** Out of credits (no documented code: 402 [I]). */
  INSUFFICIENT_CREDITS(402, "Payment Required", "Insufficient credits to run this generation", null),
  INVALID_REQUEST(400, "Bad Request", "input must contain one video and one audio", null),
  /** Over 60 generates a minute: 429 with {@code Retry-After}. */
  RATE_LIMIT(429, "Too Many Requests", "Rate limit exceeded: 60 requests per minute", null),
  /** Over the plan's concurrency (also answered on its own when that many generations are running). */
  CONCURRENCY_LIMIT(429, "Too Many Requests", "Concurrency limit reached for your plan", null),
  SERVER_ERROR(500, "Internal Server Error", "Internal server error", null),
  UNAVAILABLE(503, "Service Unavailable", "Service temporarily unavailable", null),
  MALFORMED_JSON(200, "", "", null),
  SLOW_ANSWER(200, "", "", null),
  DROP_AFTER_ACCEPT(200, "", "", null),
  /** Accepts the job, then a gateway answers 502 in place of the provider's lost answer. */
  LOST_ANSWER(200, "", "", null),
  /** The generation ends {@code FAILED}. */
  GENERATION_FAILED(200, "FAILED", "Generation failed due to an internal error", "generation_failed"),
  /** The generation ends {@code REJECTED} by moderation. */
  GENERATION_REJECTED_CONTENT(200, "REJECTED", "The input was rejected by content moderation",
      "content_moderation_rejected"),
  /** The generation ends {@code REJECTED} because an input is unusable. */
  GENERATION_REJECTED_INPUT(200, "REJECTED", "No face was found in the input video", "invalid_input_no_face");

  final int httpStatus;
  /** The HTTP reason for a refused call, the final status for a {@code GENERATION_*} fault. */
  final String error;
  final String message;
  final String errorCode;

  SyncFault(int httpStatus, String error, String message, String errorCode) {
    this.httpStatus = httpStatus;
    this.error = error;
    this.message = message;
    this.errorCode = errorCode;
  }

  boolean refuses() {
    return httpStatus != 200;
  }

  boolean endsGeneration() {
    return name().startsWith("GENERATION_");
  }
}
