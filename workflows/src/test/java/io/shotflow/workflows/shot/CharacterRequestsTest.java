package io.shotflow.workflows.shot;

import static io.shotflow.workflows.shot.Fixtures.image;
import static io.shotflow.workflows.shot.Fixtures.review;
import static io.shotflow.workflows.shot.Fixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.media.AssetRef;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.shot.CharacterReferences;
import io.shotflow.spec.DialogueSpec;
import io.shotflow.spec.ReviewGate;
import io.shotflow.spec.ShotSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The requests of a shot with characters and native audio, and of a character's sheet. */
class CharacterRequestsTest {

  private static final AssetRef MARA = image("mara");
  private static final AssetRef IVO_1 = image("ivo-1");
  private static final AssetRef IVO_2 = image("ivo-2");
  private static final List<CharacterReferences> CHARACTERS = List.of(
      new CharacterReferences("ivo", "Ivo", List.of(IVO_1, IVO_2), null),
      new CharacterReferences("mara", "Mara", List.of(MARA), "en_AOT"));

  private static ShotSpec shot(String audio, DialogueSpec dialogue) {
    ShotSpec base = Fixtures.shot();
    return new ShotSpec(base.id(), base.prompt(), null, 5, 1, base.startFrame(), null, base.extend(), dialogue,
        List.of("ivo", "mara"), audio);
  }

  private static GenerationRequests requests(ShotSpec shot) {
    return new GenerationRequests(Fixtures.STORYBOARD, shot, settings(review("required", "auto", "pause")),
        Fixtures.CAPABILITIES, CHARACTERS);
  }

  @Test
  void keyframesClipAndExtendsCarryTheCharactersReferencesInOrder() {
    GenerationRequests requests = requests(shot(null, null));
    List<AssetRef> all = List.of(IVO_1, IVO_2, MARA);
    assertEquals(all, requests.keyframe("start").request("p", 1, 1).references());
    GenerationRequest clip = requests.clip(image("start"), null).request("p", 1, 1);
    assertEquals(all, clip.references());
    assertFalse(clip.nativeAudio());
    assertNull(clip.speech());
    assertEquals(all, requests.extend(1, image("last"), Fixtures.video("clip")).request("p", 1, 1).references());
  }

  @Test
  void nativeAudioAsksForSoundAndTheClipSpeaksTheLineInTheFirstCharacterVoice() {
    GenerationRequests requests = requests(shot("native", new DialogueSpec(null, "Cast off!", null, null, null, null,
        null)));
    GenerationRequest clip = requests.clip(image("start"), null).request("p", 1, 1);
    assertTrue(clip.nativeAudio());
    assertEquals(new GenerationRequest.Speech("Cast off!", "en_AOT", "en", 1.0), clip.speech());
    GenerationRequest extend = requests.extend(1, image("last"), Fixtures.video("clip")).request("p", 1, 1);
    assertTrue(extend.nativeAudio(), "an extend step keeps the sound going");
    assertNull(extend.speech(), "the line is spoken once, in the clip");
  }

  @Test
  void aLinesOwnVoiceWinsOverTheCharacters() {
    GenerationRequests requests = requests(shot("native", new DialogueSpec(null, "Hello", "uk_man2", null, null, null,
        null)));
    assertEquals("uk_man2", requests.clip(image("start"), null).request("p", 1, 1).speech().voiceId());
  }

  @Test
  void aSheetsReferenceIsAKeyframeReviewedAsCharacterIdN() {
    Generation reference = requests(shot(null, null)).characterReference("mara", 2);
    assertEquals("character:mara:2", reference.subject());
    assertEquals(GenerationKind.KEYFRAME, reference.kind());
    assertEquals(ReviewGate.REQUIRED, reference.gate());
    assertEquals("ref2-a1", reference.takeId(1, 1));
    assertEquals(List.of(), reference.request("Mara", 1, 1).references());
  }
}
