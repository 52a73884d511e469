package io.shotflow.activities.provider;

import io.shotflow.workflows.activity.ActivityStubs;
import io.shotflow.temporal.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import io.shotflow.activity.ProviderActivities;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;

/** One provider call as the shot workflow makes it: submit, then await; optionally with short await attempts. */
@WorkflowInterface
public interface ProviderCallWorkflow {

  /** {@code attemptMillis} 0 uses the production options of {@link ActivityStubs#providerAwait}. */
  @WorkflowMethod
  GenerationResult call(GenerationRequest request, long attemptMillis);

  class Impl implements ProviderCallWorkflow {
    @Override
    public GenerationResult call(GenerationRequest request, long attemptMillis) {
      ProviderJob job = ActivityStubs.providerSubmit(request.provider(), "submit").submit(request);
      ProviderActivities await = attemptMillis == 0
          ? ActivityStubs.providerAwait(request.provider(), "await")
          : Workflow.newActivityStub(ProviderActivities.class, ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.provider(request.provider()))
              .setStartToCloseTimeout(Duration.ofMillis(attemptMillis))
              .setRetryOptions(RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setBackoffCoefficient(1)
                  .setDoNotRetry(ProviderError.nonRetryableTypes())
                  .build())
              .build());
      return await.awaitResult(new ProviderActivities.AwaitRequest(job, request));
    }
  }
}
