package io.shotflow.bench;

import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.activity.ProviderActivities;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.workflows.activity.ActivityStubs;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * Many provider calls at once, each the shot workflow's submit + await pair with the production activity options,
 * chained on promises so the workflow itself holds one thread however many jobs wait. The benchmark runs a few of
 * these to put thousands of jobs in the provider worker's wait at the same time.
 */
@WorkflowInterface
public interface WaitingJobsWorkflow {

  /** Submits {@code jobs} keyframe jobs keyed under {@code prefix}, waits for all; returns how many ended. */
  @WorkflowMethod
  int run(String prefix, int jobs);

  class Impl implements WaitingJobsWorkflow {
    @Override
    public int run(String prefix, int jobs) {
      ProviderActivities submit = ActivityStubs.providerSubmit(ProviderCatalog.LOCAL, "bench submit");
      ProviderActivities await = ActivityStubs.providerAwait(ProviderCatalog.LOCAL, "bench wait");
      List<Promise<GenerationResult>> calls = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        GenerationRequest request = new GenerationRequest(prefix + "/" + i, prefix, "job-" + i,
            GenerationKind.KEYFRAME, ProviderCatalog.LOCAL, ProviderCatalog.KLING_V2_1, "pro", "waiting job", null, 0,
            1280, 720, 24, "16:9", null, null, null, null, 1);
        calls.add(Async.function(submit::submit, request).thenCompose(job ->
            Async.function(await::awaitResult, new ProviderActivities.AwaitRequest(job, request))));
      }
      Promise.allOf(calls).get();
      return calls.size();
    }
  }
}
