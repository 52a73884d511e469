package io.shotflow.activities.provider;

import io.shotflow.provider.GenerationRequest;
import java.time.Instant;
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

  /**
   * Sends the request; returns the provider's job id. A failure says whether the provider may have accepted the job
   * ({@link ProviderException#mayHaveBeenAccepted()}): only one that certainly was not may be retried or failed over.
   */
  String submit(GenerationRequest request);

  /**
   * Looks for the job an earlier send of {@code request} (at or after {@code sentAt}) may have created: after a lost
   * answer, a 5xx once the request was sent, or a worker that died mid-submit. The rule per provider is in
   * {@code SubmitRules}.
   */
  default SubmitLookup findSubmitted(GenerationRequest request, Instant sentAt) {
    return new SubmitLookup.Unknown(name() + " has no way to look a submitted job up");
  }

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
