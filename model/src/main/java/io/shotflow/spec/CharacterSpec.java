package io.shotflow.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A character that stays the same across shots: 1-4 reference images, each a frame source ({@code image} or
 * {@code prompt}; a generated one is reviewed once as {@code character:<id>:<n>}), and an optional voice for native
 * audio. A shot names it in {@code characters}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CharacterSpec(
    String id,
    String name,
    List<FrameSpec> references,
    @JsonInclude(JsonInclude.Include.NON_NULL) String voiceId) {

  /** The most references a character may have (Kling 3.0 and O1 take up to 4 per clip, docs/providers.md). */
  public static final int MAX_REFERENCES = 4;

  public CharacterSpec {
    references = references == null ? List.of() : List.copyOf(references);
  }

  public CharacterSpec withReferences(List<FrameSpec> newReferences) {
    return new CharacterSpec(id, name, newReferences, voiceId);
  }
}
