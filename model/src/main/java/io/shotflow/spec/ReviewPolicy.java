package io.shotflow.spec;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;

/**
 * Which stages stop for a human, and what happens when a review waits past its deadline. The fields hold the spec's
 * spellings, so a misspelt value reaches {@link SpecValidator}, which names the field; once validated, the typed
 * accessors ({@link #keyframeGate()}, {@link #deadlinePolicy()}, ...) read them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReviewPolicy(String keyframes, String clips, String lipSync, Duration deadline, String onDeadline) {

  public static final ReviewPolicy DEFAULT = new ReviewPolicy(null, null, null, null, null);

  public ReviewPolicy {
    keyframes = keyframes == null ? ReviewGate.REQUIRED.value() : keyframes;
    clips = clips == null ? ReviewGate.REQUIRED.value() : clips;
    lipSync = lipSync == null ? ReviewGate.AUTO.value() : lipSync;
    deadline = deadline == null ? Duration.ofHours(24) : deadline;
    onDeadline = onDeadline == null ? DeadlinePolicy.PAUSE.value() : onDeadline;
  }

  /** The same policy with every gate set to auto (the CLI's --auto-approve does not use this; tests and benches do). */
  public ReviewPolicy allAuto() {
    String auto = ReviewGate.AUTO.value();
    return new ReviewPolicy(auto, auto, auto, deadline, onDeadline);
  }

  /** The gate of generated keyframes. */
  public ReviewGate keyframeGate() {
    return ReviewGate.of(keyframes);
  }

  /** The gate of clips and extend steps. */
  public ReviewGate clipGate() {
    return ReviewGate.of(clips);
  }

  /** The gate of the lip-sync step. */
  public ReviewGate lipSyncGate() {
    return ReviewGate.of(lipSync);
  }

  /** What a review past its deadline does. */
  public DeadlinePolicy deadlinePolicy() {
    return DeadlinePolicy.of(onDeadline);
  }
}
