package io.shotflow.storyboard;

import java.math.BigDecimal;

/** Shell replaced on the workflows branch. */
public class StoryboardWorkflowImpl implements StoryboardWorkflow {
  @Override public StoryboardResult run(StoryboardInput input) { throw new IllegalStateException("not merged yet"); }
  @Override public void continuityFrameReady(ContinuityFrame frame) {}
  @Override public void requestSpend(SpendRequest request) {}
  @Override public StoryboardStatus setBudget(BigDecimal budgetUsd) { return null; }
  @Override public void validateSetBudget(BigDecimal budgetUsd) {}
  @Override public StoryboardStatus status() { return null; }
}
