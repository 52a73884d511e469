package io.shotflow.spec;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ShotSpec(
    String id,
    String prompt,
    String negativePrompt,
    Integer duration,
    Integer variants,
    FrameSpec startFrame,
    FrameSpec endFrame,
    List<ExtendSpec> extend,
    DialogueSpec dialogue) {

  public ShotSpec {
    duration = duration == null ? 5 : duration;
    variants = variants == null ? 1 : variants;
    extend = extend == null ? List.of() : List.copyOf(extend);
  }

  /** Seconds of finished video this shot contributes: one clip plus one per extend step. */
  public int totalSeconds() {
    return duration * (1 + extend.size());
  }

  public ShotSpec withPrompt(String newPrompt) {
    return new ShotSpec(id, newPrompt, negativePrompt, duration, variants, startFrame, endFrame, extend, dialogue);
  }
}
