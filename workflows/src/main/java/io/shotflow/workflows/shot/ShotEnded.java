package io.shotflow.workflows.shot;

import io.shotflow.shot.ShotStage;

/** Ends the shot early with an outcome: skipped by a reviewer or a refused budget, cancelled by the deadline policy. */
final class ShotEnded extends RuntimeException {

  private final ShotStage outcome;

  ShotEnded(ShotStage outcome, String why) {
    super(why, null, false, false);
    this.outcome = outcome;
  }

  ShotStage outcome() {
    return outcome;
  }
}
