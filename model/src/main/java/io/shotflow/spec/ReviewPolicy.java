package io.shotflow.spec;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;

/** Which stages stop for a human, and what happens when a review waits past its deadline. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReviewPolicy(String keyframes, String clips, String lipSync, Duration deadline, String onDeadline) {

  public static final String REQUIRED = "required";
  public static final String AUTO = "auto";
  public static final ReviewPolicy DEFAULT = new ReviewPolicy(null, null, null, null, null);

  public ReviewPolicy {
    keyframes = keyframes == null ? REQUIRED : keyframes;
    clips = clips == null ? REQUIRED : clips;
    lipSync = lipSync == null ? AUTO : lipSync;
    deadline = deadline == null ? Duration.ofHours(24) : deadline;
    onDeadline = onDeadline == null ? "pause" : onDeadline;
  }

  /** The same policy with every gate set to auto (the CLI's --auto-approve does not use this; tests and benches do). */
  public ReviewPolicy allAuto() {
    return new ReviewPolicy(AUTO, AUTO, AUTO, deadline, onDeadline);
  }
}
