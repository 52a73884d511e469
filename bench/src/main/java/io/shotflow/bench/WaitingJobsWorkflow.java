package io.shotflow.bench;

import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.ProviderJobChanged;
import io.shotflow.workflows.shot.JobSignals;
import io.shotflow.workflows.shot.ProviderActivityCalls;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * Many provider calls at once, each the shot workflow's own ({@link ProviderActivityCalls}: submit, then checks on
 * durable timers that the {@code providerJobChanged} signal cuts short). The benchmark runs many of these to have
 * thousands of jobs waiting at the same time.
 */
@WorkflowInterface
public interface WaitingJobsWorkflow {

  /** Submits {@code jobs} keyframe jobs keyed under {@code prefix}, waits for all; returns how many ended. */
  @WorkflowMethod
  int run(String prefix, int jobs);

  @SignalMethod
  void providerJobChanged(ProviderJobChanged change);

  class Impl implements WaitingJobsWorkflow {

    private final JobSignals signals = new JobSignals();

    @Override
    public int run(String prefix, int jobs) {
      ProviderActivityCalls calls = new ProviderActivityCalls(null, signals, (summary, job, since, check) -> {});
      List<Promise<GenerationResult>> waits = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        GenerationRequest request = new GenerationRequest(prefix + "/" + i, prefix, "job-" + i,
            GenerationKind.KEYFRAME, ProviderCatalog.LOCAL, ProviderCatalog.KLING_V2_1, "pro", "waiting job", null, 0,
            1280, 720, 24, "16:9", null, null, null, null, 1);
        waits.add(Async.function(() -> calls.await(ProviderCatalog.LOCAL, "bench",
            calls.submit(ProviderCatalog.LOCAL, "bench", true, request), request)));
      }
      Promise.allOf(waits).get();
      return waits.size();
    }

    @Override
    public void providerJobChanged(ProviderJobChanged change) {
      signals.changed(change);
    }
  }
}
