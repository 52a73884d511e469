package io.shotflow.activity;

import io.temporal.activity.ActivityInterface;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;

/**
 * The two halves of every provider call. Registered on one task queue per provider
 * ({@link io.shotflow.temporal.TaskQueues#provider(String)}), where that provider's rate limits apply.
 */
@ActivityInterface
public interface ProviderActivities {

  /** Sends the request and returns the provider's job id. Never called again for the same job once it returns. */
  ProviderJob submit(GenerationRequest request);

  /** Waits until the job ends; copies its output into the asset store. Fails with a {@link ProviderError} type. */
  GenerationResult awaitResult(AwaitRequest request);

  record AwaitRequest(ProviderJob job, GenerationRequest request) {}
}
