package io.shotflow.shot;

import io.shotflow.review.ReviewDecision;
import io.shotflow.storyboard.SpendGrant;

/** Shell replaced on the workflows branch. */
public class ShotWorkflowImpl implements ShotWorkflow {
  @Override public ShotResult run(ShotInput input) { throw new IllegalStateException("not merged yet"); }
  @Override public ShotStatus review(ReviewDecision decision) { return null; }
  @Override public void validateReview(ReviewDecision decision) {}
  @Override public void reviewSignal(ReviewDecision decision) {}
  @Override public void spendGranted(SpendGrant grant) {}
  @Override public ShotStatus status() { return null; }
}
