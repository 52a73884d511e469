package io.shotflow.activities.provider;

import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;
import io.shotflow.provider.JobNotifications;

/**
 * One AI provider behind one shape: submit a generation and get the provider's job id, then poll that job. Adapters
 * map the provider's own statuses and error codes onto {@link JobState} and {@link ProviderError}; they never talk
 * to Temporal. Call failures are {@link ProviderException}s.
 */
public interface ProviderAdapter {

  /** The name specs and task queues use ({@code local}, {@code kling}, …). */
  String name();

  /** Sends the request; returns the provider's job id. */
  String submit(GenerationRequest request);

  /** The job's state now. {@code request} is the one that was submitted. */
  JobState poll(ProviderJob job, GenerationRequest request);

  /**
   * Whether this provider tells {@link JobNotifications} when a job ends (a webhook, or in-process). Waits on a
   * provider that does are woken by the notification and poll only as a rare fallback; the others are polled.
   */
  default boolean notifies() {
    return false;
  }
}
