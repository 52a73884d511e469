package io.shotflow.provider;

import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Arrays;

/**
 * The one classification table for provider failures. Adapters map the provider's own codes onto these;
 * activities throw them as {@link ApplicationFailure}s whose type is the constant's name; workflows read
 * {@link #nonRetryableTypes()} for their retry policies and treat {@link #needsDecision()} types as a
 * question for a human; {@link #PROVIDER_BUSY} is neither retried by Temporal nor a question, the workflow waits.
 */
public enum ProviderError {
  /** Network error, 5xx, provider backlog: retried with backoff. */
  TRANSIENT(true, false),
  /** 429 or a concurrency limit: retried, honouring the provider's Retry-After when it gives one. */
  RATE_LIMITED(true, false),
  /**
   * The submit may have reached the provider and looking the job up failed (the provider did not answer): retried,
   * never failed over to another provider; when the retries run out a human decides.
   */
  SUBMIT_UNCONFIRMED(true, true),
  /**
   * The provider has {@code max-concurrent} jobs in flight, or took {@code max-per-second} submits in the last second,
   * counted across every worker in the submit ledger: nothing was sent. Not retried by the activity: the shot waits it
   * out on a durable timer and submits again, for as long as it takes, and never fails over for it (the provider is
   * up, only full). The failure's next-retry delay, when set, says when a slot is certain to be free.
   */
  PROVIDER_BUSY(false, false),
  /** The request is invalid for this provider (bad parameters, unsupported model): fix the spec. */
  INVALID_REQUEST(false, true),
  /** Content policy or moderation refused the prompt or image: a human revises it. */
  CONTENT_POLICY(false, true),
  /** The provider job failed on its side for this input. */
  JOB_FAILED(false, true),
  /** Account balance or resource pack exhausted: never retried automatically. */
  INSUFFICIENT_BALANCE(false, true),
  /** Credentials rejected after a refresh. */
  UNAUTHORIZED(false, true),
  /** The submit was sent but no answer came back, and the provider has no idempotency key to look it up. */
  AMBIGUOUS_SUBMIT(false, true),
  /** The job ran longer than its provider's {@code max-job-wait}: a human decides whether to try again. */
  JOB_TIMEOUT(false, true),
  /**
   * This worker could not keep a finished job's output (its disk is full, its quota used up): nothing is wrong with
   * the job, so a human frees space and decides rather than the storyboard failing.
   */
  LOCAL_STORAGE(false, true),
  /**
   * The job finished but its provider no longer serves the output (its URL answers 403, 404 or 410: expired or
   * removed). Collecting again cannot bring it back; only a new job can.
   */
  OUTPUT_GONE(false, true);

  private final boolean retryable;
  private final boolean needsDecision;

  ProviderError(boolean retryable, boolean needsDecision) {
    this.retryable = retryable;
    this.needsDecision = needsDecision;
  }

  public boolean retryable() {
    return retryable;
  }

  public boolean needsDecision() {
    return needsDecision;
  }

  /** The provider's passing trouble (unreachable, 5xx, throttled): says nothing about the job itself. */
  public boolean passingTrouble() {
    return this == TRANSIENT || this == RATE_LIMITED;
  }

  public ApplicationFailure failure(String message) {
    return builder(message).build();
  }

  /** A failure that asks for {@code delay} before the next attempt (Temporal's, or the workflow's for PROVIDER_BUSY). */
  public ApplicationFailure failureAfter(String message, Duration delay) {
    return builder(message).setNextRetryDelay(delay).build();
  }

  private ApplicationFailure.Builder builder(String message) {
    ApplicationFailure.Builder failure = ApplicationFailure.newBuilder()
        .setMessage(message)
        .setType(name())
        .setNonRetryable(!retryable);
    if (this == PROVIDER_BUSY) {
      // flow control, not trouble: the SDK logs a benign failure at debug rather than as a warning with its stack
      failure.setCategory(ApplicationErrorCategory.BENIGN);
    }
    return failure;
  }

  public static String[] nonRetryableTypes() {
    return Arrays.stream(values()).filter(e -> !e.retryable).map(Enum::name).toArray(String[]::new);
  }

  /** The constant for a failure type, or null when the type is not a provider error. */
  public static ProviderError ofType(String type) {
    return Arrays.stream(values()).filter(e -> e.name().equals(type)).findFirst().orElse(null);
  }
}
