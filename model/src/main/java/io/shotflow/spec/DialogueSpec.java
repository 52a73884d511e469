package io.shotflow.spec;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.math.BigDecimal;

/**
 * A shot's line: recorded {@code audio}, or {@code text} the lip-sync provider speaks in the voice {@code voiceId}
 * (Kling's text2video lip-sync). {@code voiceLanguage} and {@code voiceSpeed} default only with text, so a value given
 * next to audio stays visible to validation. {@code start}: seconds from the shot's start where the recorded line
 * begins (null: 0); the shot is silent elsewhere.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DialogueSpec(
    String audio,
    String text,
    String voiceId,
    String voiceLanguage,
    BigDecimal voiceSpeed,
    LipSyncSpec lipSync,
    BigDecimal start) {

  public static final String DEFAULT_LANGUAGE = "en";
  public static final BigDecimal DEFAULT_SPEED = BigDecimal.ONE;

  public DialogueSpec {
    lipSync = lipSync == null ? new LipSyncSpec(null) : lipSync;
    if (text != null) {
      voiceLanguage = voiceLanguage == null ? DEFAULT_LANGUAGE : voiceLanguage;
      voiceSpeed = voiceSpeed == null ? DEFAULT_SPEED : voiceSpeed;
    }
  }

  public DialogueSpec withAudio(String newAudio) {
    return new DialogueSpec(newAudio, text, voiceId, voiceLanguage, voiceSpeed, lipSync, start);
  }

  /** Where the line starts within the shot, in seconds (0 when not given). */
  public double startSeconds() {
    return start == null ? 0 : start.doubleValue();
  }
}
