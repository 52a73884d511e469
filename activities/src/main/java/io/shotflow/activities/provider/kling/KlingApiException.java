package io.shotflow.activities.provider.kling;

/** Kling answered with an error envelope ({@code code != 0}). */
final class KlingApiException extends Exception {

  final int httpStatus;
  final int code;

  KlingApiException(int httpStatus, int code, String message) {
    super("Kling answered HTTP " + httpStatus + " code " + code + ": " + message, null, false, false);
    this.httpStatus = httpStatus;
    this.code = code;
  }
}
