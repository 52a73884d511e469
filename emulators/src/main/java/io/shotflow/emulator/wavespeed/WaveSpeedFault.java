package io.shotflow.emulator.wavespeed;

/**
 * Answers the WaveSpeed emulator gives on demand, in its {@code code/message/data} envelope (docs/providers.md §3). The HTTP
 * faults refuse the call before anything is created; {@link #SLOW_ANSWER}, {@link #DROP_AFTER_ACCEPT} and
 * {@link #MALFORMED_JSON} create the prediction and then answer late, not at all, or garbled (WaveSpeed has no
 * idempotency key, so the client cannot tell); the {@code PREDICTION_*} faults create it and end it badly.
 */
public enum WaveSpeedFault {
  UNAUTHORIZED(401, "Unauthorized: invalid API key"),
  /** Balance exhausted (WaveSpeed documents no code for it: 402 and a message about balance [I]). */
  INSUFFICIENT_BALANCE(402, "Insufficient balance, please top up your account"),
  INVALID_REQUEST(400, "Invalid request parameters"),
  RATE_LIMIT(429, "Rate limit exceeded, please try again later"),
  SERVER_ERROR(500, "Internal server error"),
  UNAVAILABLE(503, "Service temporarily unavailable"),
  MALFORMED_JSON(200, ""),
  SLOW_ANSWER(200, ""),
  DROP_AFTER_ACCEPT(200, ""),
  /** Accepts the job, then a gateway answers 502 in place of the provider's lost answer. */
  LOST_ANSWER(200, ""),
  /** The prediction ends {@code failed} because moderation flagged the input. */
  PREDICTION_NSFW(200, "NSFW content detected in the input, please modify it and try again"),
  /** The prediction ends {@code failed} for no reason the input explains. */
  PREDICTION_FAILED(200, "Inference failed: worker error"),
  /** The prediction ends {@code timeout}. */
  PREDICTION_TIMEOUT(200, "Prediction timed out");

  final int httpStatus;
  final String message;

  WaveSpeedFault(int httpStatus, String message) {
    this.httpStatus = httpStatus;
    this.message = message;
  }

  boolean refuses() {
    return httpStatus != 200;
  }

  boolean endsPrediction() {
    return name().startsWith("PREDICTION_");
  }
}
