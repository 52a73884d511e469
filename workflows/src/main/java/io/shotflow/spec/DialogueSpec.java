package io.shotflow.spec;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DialogueSpec(String audio, LipSyncSpec lipSync) {

  public DialogueSpec {
    lipSync = lipSync == null ? new LipSyncSpec(null) : lipSync;
  }

  public DialogueSpec withAudio(String newAudio) {
    return new DialogueSpec(newAudio, lipSync);
  }
}
