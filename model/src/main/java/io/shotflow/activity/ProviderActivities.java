package io.shotflow.activity;

import io.temporal.activity.ActivityInterface;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.JobCheck;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;

/**
 * The two halves of every provider call. Registered on one task queue per provider
 * ({@link io.shotflow.temporal.TaskQueues#provider(String)}), where that provider's rate limits apply. Neither holds
 * any state in the worker: the wait between checks is the shot workflow's (a durable timer, cut short by a webhook's
 * signal), so any worker can take any check.
 */
@ActivityInterface
public interface ProviderActivities {

  /**
   * Sends the request and returns the provider's job id, recording durably before it sends that the request may
   * reach the provider, so that a later attempt looks the job up rather than sending it again. Fails with a
   * {@link ProviderError} type.
   */
  ProviderJob submit(GenerationRequest request);

  /**
   * Asks the provider once how the job is doing: when it has ended, its output copied into the asset store; while it
   * runs, what the provider says and when to ask again. Fails with a {@link ProviderError} type: the job's own failure,
   * or {@link ProviderError#JOB_TIMEOUT} once it has run longer than its provider allows.
   */
  JobCheck check(CheckRequest request);

  /** {@code waitingSinceMillis}: when the wait began (the submit), in epoch milliseconds of workflow time. */
  record CheckRequest(ProviderJob job, GenerationRequest request, long waitingSinceMillis) {}
}
