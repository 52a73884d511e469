package io.shotflow.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One shot. {@code characters} names the storyboard's characters it shows (their references condition its keyframes
 * and clip); {@code audio: native} has the model make the sound (and speak {@code dialogue.text}) instead of a
 * lip-sync step. {@code model} is the shot's own video model (null: the storyboard's); resolve it with
 * {@link StoryboardSpec#modelOf(ShotSpec)}, the one place that applies the default.
 */
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
    DialogueSpec dialogue,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> characters,
    @JsonInclude(JsonInclude.Include.NON_NULL) String audio,
    @JsonInclude(JsonInclude.Include.NON_NULL) String model) {

  /** The value of {@code audio} that asks the model for its own sound. */
  public static final String NATIVE_AUDIO = "native";

  public ShotSpec {
    duration = duration == null ? 5 : duration;
    variants = variants == null ? 1 : variants;
    extend = extend == null ? List.of() : List.copyOf(extend);
    characters = characters == null ? List.of() : List.copyOf(characters);
  }

  /** A shot without characters or native audio. */
  public ShotSpec(String id, String prompt, String negativePrompt, Integer duration, Integer variants,
      FrameSpec startFrame, FrameSpec endFrame, List<ExtendSpec> extend, DialogueSpec dialogue) {
    this(id, prompt, negativePrompt, duration, variants, startFrame, endFrame, extend, dialogue, null, null, null);
  }

  /** A shot on the storyboard's model. */
  public ShotSpec(String id, String prompt, String negativePrompt, Integer duration, Integer variants,
      FrameSpec startFrame, FrameSpec endFrame, List<ExtendSpec> extend, DialogueSpec dialogue,
      List<String> characters, String audio) {
    this(id, prompt, negativePrompt, duration, variants, startFrame, endFrame, extend, dialogue, characters, audio,
        null);
  }

  /** Seconds of finished video this shot contributes: one clip plus one per extend step. */
  public int totalSeconds() {
    return duration * (1 + extend.size());
  }

  /** Whether the model makes this shot's sound ({@code audio: native}). */
  @JsonIgnore
  public boolean nativeAudio() {
    return NATIVE_AUDIO.equals(audio);
  }

  /** Whether the shot's dialogue goes through a lip-sync step (it has dialogue and no native audio). */
  @JsonIgnore
  public boolean lipSynced() {
    return dialogue != null && !nativeAudio();
  }

  public ShotSpec withPrompt(String newPrompt) {
    return new ShotSpec(id, newPrompt, negativePrompt, duration, variants, startFrame, endFrame, extend, dialogue,
        characters, audio, model);
  }

  public ShotSpec withInputs(FrameSpec newStart, FrameSpec newEnd, DialogueSpec newDialogue) {
    return new ShotSpec(id, prompt, negativePrompt, duration, variants, newStart, newEnd, extend, newDialogue,
        characters, audio, model);
  }
}
