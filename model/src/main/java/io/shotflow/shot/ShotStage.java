package io.shotflow.shot;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a shot is in its pipeline; the value of the {@code Stage} search attribute. */
public enum ShotStage {
  WAITING_FOR_CONTINUITY,
  KEYFRAMES,
  KEYFRAME_REVIEW,
  CLIP,
  CLIP_REVIEW,
  EXTEND,
  EXTEND_REVIEW,
  LIP_SYNC,
  LIP_SYNC_REVIEW,
  AWAITING_DECISION,
  AWAITING_BUDGET,
  PAUSED,
  DONE,
  SKIPPED,
  CANCELLED,
  FAILED;

  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
