package io.shotflow.workflows.shot;

import io.shotflow.shot.ShotStage;

/** Where the shot's pipeline is, with the stage it publishes there while it works and while a review waits. */
enum PipelineStep {
  KEYFRAMES(ShotStage.KEYFRAMES, ShotStage.KEYFRAME_REVIEW),
  CLIP(ShotStage.CLIP, ShotStage.CLIP_REVIEW),
  EXTEND(ShotStage.EXTEND, ShotStage.EXTEND_REVIEW),
  LIP_SYNC(ShotStage.LIP_SYNC, ShotStage.LIP_SYNC_REVIEW);

  private final ShotStage working;
  private final ShotStage reviewing;

  PipelineStep(ShotStage working, ShotStage reviewing) {
    this.working = working;
    this.reviewing = reviewing;
  }

  ShotStage stage(boolean reviewing) {
    return reviewing ? this.reviewing : working;
  }
}
