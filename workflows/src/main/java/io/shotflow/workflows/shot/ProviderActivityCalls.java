package io.shotflow.workflows.shot;

import io.shotflow.activity.ProviderActivities;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderJob;
import io.shotflow.workflows.activity.ActivityStubs;
import java.time.Duration;

/** A provider call as activities on the provider's task queue: submit, then await the result. */
final class ProviderActivityCalls implements ProviderRouter.Calls {

  private final Duration queueWait;

  /** {@code queueWait}: how long a submit that another provider could take waits for a worker (null: the default). */
  ProviderActivityCalls(Duration queueWait) {
    this.queueWait = queueWait != null ? queueWait : ActivityStubs.DEFAULT_PROVIDER_QUEUE_WAIT;
  }

  @Override
  public ProviderJob submit(String provider, String summary, boolean last, GenerationRequest request) {
    return (last ? ActivityStubs.providerSubmit(provider, summary)
        : ActivityStubs.providerSubmitWithFallback(provider, summary, queueWait)).submit(request);
  }

  @Override
  public GenerationResult await(String provider, String summary, ProviderJob job, GenerationRequest request) {
    return ActivityStubs.providerAwait(provider, summary).awaitResult(new ProviderActivities.AwaitRequest(job, request));
  }
}
