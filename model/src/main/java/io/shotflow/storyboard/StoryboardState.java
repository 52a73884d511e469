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
  CANCELLED;

  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
