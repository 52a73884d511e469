package io.shotflow.activities.provider;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import io.shotflow.provider.ProviderError;

/** A provider call that did not work, classified; {@code retryAfter} is the provider's hint when it gave one. */
public class ProviderException extends RuntimeException {

  private final ProviderError error;
  private final Duration retryAfter;

  public ProviderException(ProviderError error, String message, Duration retryAfter) {
    super(message);
    this.error = error;
    this.retryAfter = retryAfter;
  }

  public ProviderException(ProviderError error, String message) {
    this(error, message, null);
  }

  public ProviderError error() {
    return error;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** The activity failure this becomes, honouring the provider's Retry-After. */
  public ApplicationFailure failure() {
    return retryAfter == null ? error.failure(getMessage()) : error.failureAfter(getMessage(), retryAfter);
  }
}
