package io.shotflow.emulator.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The rules Kling's text-driven lip-sync applies to the line it speaks, wherever it is served (Kling itself, fal,
 * Replicate, WaveSpeed; docs/providers.md §1.8): text of 1 to 120 characters, a voice_id, voice_language zh|en and
 * voice_speed 0.8–2.0 when given. Each emulator words the answer in its own provider's error format.
 */
public final class SpokenLine {

  /** The first field that breaks a rule, and the rule. */
  public record Problem(String field, String rule) {}

  private static final Set<String> LANGUAGES = Set.of("zh", "en");

  private SpokenLine() {}

  /** The first problem of the line's fields in {@code input}, or null when they are valid. */
  public static Problem check(JsonNode input) {
    String text = input.path("text").asText("");
    if (text.isBlank() || text.length() > 120) {
      return new Problem("text", "is required and at most 120 characters");
    }
    if (input.path("voice_id").asText("").isBlank()) {
      return new Problem("voice_id", "is required with text");
    }
    if (input.has("voice_language") && !LANGUAGES.contains(input.path("voice_language").asText())) {
      return new Problem("voice_language", "must be zh or en");
    }
    JsonNode speed = input.path("voice_speed");
    if (!speed.isMissingNode() && (!speed.isNumber() || speed.asDouble() < 0.8 || speed.asDouble() > 2.0)) {
      return new Problem("voice_speed", "must be a number from 0.8 to 2.0");
    }
    return null;
  }
}
