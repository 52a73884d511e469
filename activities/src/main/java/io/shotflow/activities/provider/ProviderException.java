package io.shotflow.activities.provider;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import io.shotflow.provider.ProviderError;

/** A provider call that did not work, classified; {@code retryAfter} is the provider's hint when it gave one. */
public class ProviderException extends RuntimeException {

  private final ProviderError error;
  private final Duration retryAfter;
  private final boolean mayHaveBeenAccepted;

  public ProviderException(ProviderError error, String message, Duration retryAfter) {
    this(error, message, retryAfter, error == ProviderError.AMBIGUOUS_SUBMIT);
  }

  private ProviderException(ProviderError error, String message, Duration retryAfter, boolean mayHaveBeenAccepted) {
    super(message);
    this.error = error;
    this.retryAfter = retryAfter;
    this.mayHaveBeenAccepted = mayHaveBeenAccepted;
  }

  /**
   * A submit failure after the request left this process (a lost answer, a timeout, a 5xx from the provider or its
   * gateway): the provider may hold the job. {@code error} is how the failure reads if a lookup cannot settle it.
   */
  public static ProviderException maybeAccepted(ProviderError error, String message) {
    return new ProviderException(error, message, null, true);
  }

  /** {@link #maybeAccepted(ProviderError, String)} with the provider's Retry-After hint. */
  public static ProviderException maybeAccepted(ProviderError error, String message, Duration retryAfter) {
    return new ProviderException(error, message, retryAfter, true);
  }

  public ProviderException(ProviderError error, String message) {
    this(error, message, null);
  }

  public ProviderError error() {
    return error;
  }

  /** True when the provider may have accepted the submitted job despite this failure (see {@link #maybeAccepted}). */
  public boolean mayHaveBeenAccepted() {
    return mayHaveBeenAccepted;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** The activity failure this becomes, honouring the provider's Retry-After. */
  public ApplicationFailure failure() {
    return retryAfter == null ? error.failure(getMessage()) : error.failureAfter(getMessage(), retryAfter);
  }
}
