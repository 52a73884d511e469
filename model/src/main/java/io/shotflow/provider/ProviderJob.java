package io.shotflow.provider;

import java.time.Duration;

/**
 * A job a provider accepted. Returned by submit, so the job id is in workflow history before any wait.
 * {@code firstCheckIn}: how long after the submit the job is first looked at unless a webhook comes first (null: at
 * once); it is the provider's, as configured on the worker that submitted.
 */
public record ProviderJob(String provider, String jobId, String idempotencyKey, Duration firstCheckIn) {

  public ProviderJob(String provider, String jobId, String idempotencyKey) {
    this(provider, jobId, idempotencyKey, null);
  }
}
