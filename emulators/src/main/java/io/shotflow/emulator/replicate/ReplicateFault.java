package io.shotflow.emulator.replicate;

/**
 * Answers the Replicate emulator gives on demand, with Replicate's problem bodies ({@code title}, {@code detail},
 * {@code status}; docs/providers.md §4). The HTTP faults refuse the call before anything is created; {@link #SLOW_ANSWER},
 * {@link #DROP_AFTER_ACCEPT} and {@link #MALFORMED_JSON} create the prediction and then answer late, not at all, or
 * garbled (Replicate has no idempotency key, so the client cannot tell); the {@code PREDICTION_*} faults create it and
 * end it {@code failed}.
 */
public enum ReplicateFault {
  UNAUTHORIZED(401, "Unauthenticated", "You did not pass a valid authentication token"),
  INSUFFICIENT_CREDIT(402, "Insufficient credit", "You have insufficient credit to run this model. Go to "
      + "https://replicate.com/account/billing#billing to purchase credit."),
  INVALID_INPUT(422, "Input validation failed", "- input: the input is not valid for this model"),
  /** 429 with {@code Retry-After} in seconds. */
  RATE_LIMIT(429, "Request was throttled", "Request was throttled. Your rate limit resets in ~%ds."),
  /** 429 with {@code Retry-After} as an HTTP date. */
  RATE_LIMIT_HTTP_DATE(429, "Request was throttled", "Request was throttled. Your rate limit resets in ~%ds."),
  SERVER_ERROR(500, "Internal server error", "Internal server error"),
  UNAVAILABLE(503, "Service unavailable", "Service temporarily unavailable"),
  MALFORMED_JSON(200, "", ""),
  SLOW_ANSWER(200, "", ""),
  DROP_AFTER_ACCEPT(200, "", ""),
  /** Accepts the job, then a gateway answers 502 in place of the provider's lost answer. */
  LOST_ANSWER(200, "", ""),
  /** The prediction fails because the model flagged its input (Kling on Replicate: E005). */
  PREDICTION_SENSITIVE(200, "", "The input or output was flagged as sensitive. Please try again with different "
      + "inputs. (E005)"),
  /** The prediction fails for a reason the input does not explain. */
  PREDICTION_FAILED(200, "", "Prediction failed: the model exited unexpectedly");

  final int httpStatus;
  final String title;
  final String detail;

  ReplicateFault(int httpStatus, String title, String detail) {
    this.httpStatus = httpStatus;
    this.title = title;
    this.detail = detail;
  }

  boolean refuses() {
    return httpStatus != 200;
  }

  boolean failsPrediction() {
    return name().startsWith("PREDICTION_");
  }
}
