package io.shotflow.storyboard;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.math.BigDecimal;

/**
 * A whole storyboard: starts one child per shot (dependents once their continuity frame is known), owns the
 * budget, and assembles the final cut. Cancel it with Temporal's workflow cancellation.
 */
@WorkflowInterface
public interface StoryboardWorkflow {

  @WorkflowMethod
  StoryboardResult run(StoryboardInput input);

  @SignalMethod
  void continuityFrameReady(ContinuityFrame frame);

  /** A shot's start keyframe is approved: a shot whose end frame is {@code to} it may start. */
  @SignalMethod
  void startKeyframeReady(StartKeyframe keyframe);

  @SignalMethod
  void requestSpend(SpendRequest request);

  /** Sets a new cap; the validator refuses one below what is already committed. Returns the new status. */
  @UpdateMethod
  StoryboardStatus setBudget(BigDecimal budgetUsd);

  @UpdateValidatorMethod(updateName = "setBudget")
  void validateSetBudget(BigDecimal budgetUsd);

  @QueryMethod
  StoryboardStatus status();
}
