package io.shotflow.storyboard;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The storyboard states (docs/api.md, "Storyboard states"). */
public enum StoryboardState {
  RUNNING,
  AWAITING_REVIEW,
  PAUSED,
  COMPLETED,
  FAILED,
  CANCELLED,
  /**
   * The catalog says the storyboard had not finished, but Temporal no longer knows its workflow (an in-memory Temporal
   * server restarted, or the history was deleted): nothing will move it again. Terminal; run the spec again.
   */
  LOST;

  /** No workflow will change a storyboard in this state again. */
  public boolean terminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED || this == LOST;
  }

  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
