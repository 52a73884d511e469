package io.shotflow.shot;

import io.shotflow.media.AssetRef;
import java.util.List;

/** A character's approved reference images, as every shot that names it receives them, and its voice (null: none). */
public record CharacterReferences(String characterId, String name, List<AssetRef> references, String voiceId) {

  public CharacterReferences {
    references = List.copyOf(references);
  }
}
