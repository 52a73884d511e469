package io.shotflow.activities.provider;

import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderJob;
import io.shotflow.provider.ProviderJobChanged;
import io.shotflow.workflows.shot.JobSignals;
import io.shotflow.workflows.shot.ProviderActivityCalls;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One provider call as the shot workflow makes it ({@link ProviderActivityCalls}: submit, then checks on durable
 * timers cut short by the {@code providerJobChanged} signal), with the shot's signal name.
 */
@WorkflowInterface
public interface ProviderCallWorkflow {

  @WorkflowMethod
  GenerationResult call(GenerationRequest request);

  @SignalMethod
  void providerJobChanged(ProviderJobChanged change);

  class Impl implements ProviderCallWorkflow {

    private final JobSignals signals = new JobSignals();

    @Override
    public GenerationResult call(GenerationRequest request) {
      ProviderActivityCalls calls = new ProviderActivityCalls(null, signals, (summary, job, since, check) -> {});
      ProviderJob job = calls.submit(request.provider(), "submit", true, request);
      return calls.await(request.provider(), "call", job, request);
    }

    @Override
    public void providerJobChanged(ProviderJobChanged change) {
      signals.changed(change);
    }
  }
}
