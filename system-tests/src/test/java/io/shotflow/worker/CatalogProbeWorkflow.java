package io.shotflow.worker;

import io.shotflow.activity.CatalogActivities;
import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.shot.ShotStage;
import io.shotflow.temporal.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.math.BigDecimal;
import java.time.Duration;

/** Calls the catalog activity on the orchestration queue, as the real workflows do. */
@WorkflowInterface
public interface CatalogProbeWorkflow {

  @WorkflowMethod
  void record(String storyboardId);

  class Impl implements CatalogProbeWorkflow {
    private final CatalogActivities catalog = Workflow.newActivityStub(CatalogActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(TaskQueues.ORCHESTRATION)
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .build());

    @Override
    public void record(String storyboardId) {
      catalog.recordShotStage(new ShotStageRecord(storyboardId, "probe", ShotStage.CLIP, new BigDecimal("0.25"),
          "probe", null));
    }
  }
}
