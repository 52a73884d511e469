package io.shotflow.shot;

import io.shotflow.provider.ProviderJobChanged;
import io.shotflow.review.ReviewDecision;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One shot: keyframes, their review, clip takes, clip review, extends, lip-sync. A child of the storyboard. */
@WorkflowInterface
public interface ShotWorkflow {

  @WorkflowMethod
  ShotResult run(ShotInput input);

  /** A review through the API; the validator rejects an unknown or not-pending subject, or an unknown take. */
  @UpdateMethod
  ShotStatus review(ReviewDecision decision);

  @UpdateValidatorMethod(updateName = "review")
  void validateReview(ReviewDecision decision);

  /** The same review as a signal, for operators in the Temporal UI; an invalid one is recorded and ignored. */
  @SignalMethod
  void reviewSignal(ReviewDecision decision);

  /**
   * A provider job of this shot changed: sent by the API for a verified webhook, or by a provider running in a
   * worker. It only cuts the wait short: the shot then asks the provider, so a forged or repeated one costs one check.
   */
  @SignalMethod
  void providerJobChanged(ProviderJobChanged change);

  /** The storyboard's answer to a request for more budget. */
  @SignalMethod
  void spendGranted(SpendGrant grant);

  @QueryMethod
  ShotStatus status();
}
