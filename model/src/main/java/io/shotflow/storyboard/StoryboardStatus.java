package io.shotflow.storyboard;

import io.shotflow.shot.ShotStage;
import java.math.BigDecimal;
import java.util.List;

/**
 * The storyboard workflow's view: budget, committed spend, and for each shot the stage the parent knows
 * (waiting for continuity, running, or its outcome). The API adds each running shot's own status query.
 */
public record StoryboardStatus(
    String id,
    String title,
    StoryboardState state,
    BigDecimal budgetUsd,
    BigDecimal spendUsd,
    BigDecimal estimatedCostUsd,
    List<ShotEntry> shots,
    AssemblyResult outputs,
    String detail) {

  public record ShotEntry(String id, String workflowId, ShotStage stage, boolean running) {}
}
