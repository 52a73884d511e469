package io.shotflow.emulator.kling;

/**
 * Answers the Kling emulator gives on demand, with the documented HTTP status and business code (docs/providers.md §1.10).
 * Error faults refuse the request before it is accepted; {@link #SLOW_ANSWER} and {@link #DROP_AFTER_ACCEPT} accept
 * the task and then answer late or not at all (the ambiguous case); the {@code TASK_FAILED*} faults accept the task
 * and end it {@code failed}.
 */
public enum KlingFault {
  TOKEN_EXPIRED(401, 1004, "authorization expired"),
  ACCOUNT_EXCEPTION(429, 1100, "account exception"),
  ARREARS(429, 1101, "account in arrears"),
  BALANCE(429, 1102, "resource pack depleted or expired"),
  CONTENT_POLICY(400, 1301, "content security policy triggered"),
  INVALID_PARAMS(400, 1201, "invalid request parameters"),
  RATE_LIMIT(429, 1302, "request rate too fast"),
  CONCURRENCY(429, 1303, "parallel task over resource pack limit"),
  SERVER_ERROR(500, 5000, "internal server error"),
  MAINTENANCE(503, 5001, "service under maintenance"),
  MALFORMED_JSON(200, 0, ""),
  SLOW_ANSWER(200, 0, ""),
  DROP_AFTER_ACCEPT(200, 0, ""),
  /** Accepts the job, then a gateway answers 502 in place of the provider's lost answer. */
  LOST_ANSWER(200, 0, ""),
  TASK_FAILED_RISK(200, 0, "Failure to pass the risk control system"),
  TASK_FAILED(200, 0, "generation failed, please retry");

  final int httpStatus;
  final int code;
  final String message;

  KlingFault(int httpStatus, int code, String message) {
    this.httpStatus = httpStatus;
    this.code = code;
    this.message = message;
  }

  /** True for a fault answered with an error envelope instead of accepting the request. */
  boolean refuses() {
    return code != 0;
  }
}
