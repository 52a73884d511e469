package io.shotflow.spec;

import static io.shotflow.spec.SpecErrorsAssert.assertErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.provider.RateCard;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec v1.1: characters, {@code end_frame: { to: ... }}, {@code audio: native}. */
class CharactersSpecTest {

  private final StoryboardSpecParser parser = new StoryboardSpecParser();

  private static final String CHARACTERS = """
      characters:
        - id: mara
          name: Mara
          references: [ {prompt: "Mara in a yellow rain jacket"}, {image: "asset:mara.png"} ]
          voice_id: en_AOT
        - id: ivo
          name: Ivo
          references: [ {prompt: "Ivo, an old fisherman"} ]
      """;

  private List<SpecError> errors(String yaml) {
    return SpecValidator.validate(parser.parse(yaml, true), false);
  }

  @Test
  void parsesTheNewFields() {
    StoryboardSpec spec = parser.parse("title: t\nmodel: kling-v3\n" + CHARACTERS + """
        shots:
          - id: dock
            prompt: p
            characters: [mara, ivo]
            audio: native
            start_frame: {prompt: a dock}
            end_frame: {to: boat}
            dialogue: {text: "Cast off"}
          - id: boat
            prompt: p
            start_frame: {prompt: a boat}
        """, true);
    assertEquals(2, spec.characters().size());
    CharacterSpec mara = spec.character("mara");
    assertEquals("Mara", mara.name());
    assertEquals("en_AOT", mara.voiceId());
    assertEquals("Mara in a yellow rain jacket", mara.references().get(0).prompt());
    assertEquals("asset:mara.png", mara.references().get(1).image());
    ShotSpec dock = spec.shot("dock");
    assertEquals(List.of("mara", "ivo"), dock.characters());
    assertTrue(dock.nativeAudio());
    assertTrue(!dock.lipSynced());
    assertEquals("boat", dock.endFrame().to());
    assertErrors(SpecValidator.validate(spec, false));
  }

  @Test
  void unknownFieldsInACharacterAreNamed() {
    SpecValidationException e = assertThrows(SpecValidationException.class, () -> parser.parse("""
        title: t
        characters: [ {id: mara, references: [{prompt: x}], voice: en} ]
        shots: [ {id: a, prompt: p, start_frame: {prompt: x}} ]
        """, true));
    assertEquals("characters[0].voice", e.errors().get(0).field());
  }

  @Test
  void aShotNamingAnUnknownCharacterIsRefused() {
    assertErrors(errors("title: t\nmodel: kling-v3\n" + CHARACTERS + """
        shots:
          - {id: a, prompt: p, characters: [mara, nobody], start_frame: {prompt: x}}
        """), "shots[0].characters[1]|a|names no character: 'nobody'");
  }

  @Test
  void aCharacterHasOneToFourReferences() {
    assertErrors(errors("""
        title: t
        characters:
          - {id: many, references: [{prompt: a}, {prompt: b}, {prompt: c}, {prompt: d}, {prompt: e}]}
          - {id: none, references: []}
          - {id: loop, references: [{from: a}]}
          - {id: many, references: [{prompt: a}]}
        shots: [ {id: a, prompt: p, start_frame: {prompt: x}} ]
        """),
        "characters[0].references||needs 1 to 4 reference images, not 5",
        "characters[1].references||needs 1 to 4 reference images, not 0",
        "characters[2].references[0].from||a character reference is an image or a prompt",
        "characters[3].id||duplicate character id 'many'");
  }

  @Test
  void charactersNeedAModelThatTakesReferences() {
    assertErrors(errors("title: t\nprovider: kling\nbudget_usd: 10\n" + CHARACTERS + """
        shots:
          - {id: a, prompt: p, start_frame: {prompt: x}}
          - {id: b, prompt: p, characters: [ivo], start_frame: {prompt: x}}
        """), "shots[1].characters|b|kling kling-v2.1 pro takes no reference images");
  }

  @Test
  void kling3OnKlingsOwnApiTakesFiveReferences() {
    assertErrors(errors("title: t\nprovider: kling\nmodel: kling-v3\nbudget_usd: 20\n" + CHARACTERS + """
          - {id: crew, references: [{prompt: a}, {prompt: b}, {prompt: c}]}
        shots:
          - {id: a, prompt: p, characters: [mara, ivo], audio: native, start_frame: {prompt: x}, dialogue: {text: hi}}
          - {id: b, prompt: p, characters: [mara, ivo, crew], start_frame: {prompt: x}}
        """), "shots[1].characters|b|takes at most 5 reference images; this shot's characters have 6");
  }

  @Test
  void klingO1OnKlingsOwnApiTakesNoReferencesWithAnEndFrame() {
    assertErrors(errors("title: t\nprovider: kling\nmodel: kling-o1\nbudget_usd: 20\n" + CHARACTERS + """
        shots:
          - {id: a, prompt: p, characters: [mara], start_frame: {prompt: x}}
          - {id: b, prompt: p, characters: [mara], start_frame: {prompt: x}, end_frame: {prompt: y}}
        """), "shots[1].characters|b|takes at most 0 reference images in a request with an end frame");
  }

  @Test
  void kling26OnKlingsOwnApiMakesNoSoundWithAnEndFrame() {
    assertErrors(errors("""
        title: t
        provider: kling
        model: kling-v2.6
        budget_usd: 20
        shots:
          - {id: a, prompt: p, audio: native, start_frame: {prompt: x}, dialogue: {text: hi}}
          - {id: b, prompt: p, audio: native, start_frame: {prompt: x}, end_frame: {prompt: y}}
          - {id: c, prompt: p, start_frame: {prompt: x}, end_frame: {prompt: y}}
        """), "shots[1].audio|b|makes no sound in a clip with an end frame");
  }

  @Test
  void theLocalAnimaticTakesWhatItsModelTakes() {
    assertErrors(errors("title: t\n" + CHARACTERS + """
        shots:
          - {id: a, prompt: p, characters: [mara], audio: native, start_frame: {prompt: x}, dialogue: {text: hi}}
        """),
        "shots[0].characters|a|local kling-v2.1 pro takes no reference images",
        "shots[0].audio|a|local kling-v2.1 pro makes no sound of its own");
    assertErrors(errors("title: t\nmodel: kling-o1\n" + CHARACTERS + """
        shots:
          - {id: a, prompt: p, characters: [mara, ivo], start_frame: {prompt: x}}
        """));
  }

  @Test
  void aShotsCharactersMayNotHaveMoreReferencesThanTheModelTakes() {
    assertErrors(errors("""
        title: t
        model: kling-v3
        characters:
          - {id: a, references: [{prompt: a}, {prompt: b}, {prompt: c}]}
          - {id: b, references: [{prompt: a}, {prompt: b}]}
        shots:
          - {id: s, prompt: p, characters: [a, b], start_frame: {prompt: x}}
        """), "shots[0].characters|s|takes at most 4 reference images; this shot's characters have 5");
  }

  @Test
  void nativeAudioNeedsAModelThatMakesSound() {
    assertErrors(errors("""
        title: t
        provider: fal
        budget_usd: 10
        shots:
          - {id: a, prompt: p, audio: native, start_frame: {prompt: x}, dialogue: {text: hello}}
        """), "shots[0].audio|a|fal kling-v2.1 pro makes no sound of its own");
  }

  @Test
  void audioIsNativeOrAbsent() {
    assertErrors(errors("""
        title: t
        model: kling-v3
        shots:
          - {id: a, prompt: p, audio: loud, start_frame: {prompt: x}}
        """), "shots[0].audio|a|must be one of native, not 'loud'");
  }

  @Test
  void nativeAudioSpeaksTextWithoutALipSyncStep() {
    assertErrors(errors("""
        title: t
        model: kling-v3
        shots:
          - {id: a, prompt: p, audio: native, start_frame: {prompt: x}, dialogue: {text: hello}}
          - {id: b, prompt: p, audio: native, start_frame: {prompt: x},
             dialogue: {audio: "asset:l.wav", lip_sync: {provider: sync}}}
        """),
        "shots[1].dialogue.audio|b|with audio: native give the line as text",
        "shots[1].dialogue.lip_sync.provider|b|audio: native has no lip-sync step",
        "shots[1].dialogue.text|b|required with audio: native");
  }

  @Test
  void endFrameToNamesAnotherExistingShot() {
    assertErrors(errors("""
        title: t
        shots:
          - {id: a, prompt: p, start_frame: {prompt: x}, end_frame: {to: a}}
          - {id: b, prompt: p, start_frame: {prompt: x}, end_frame: {to: nowhere}}
          - {id: c, prompt: p, start_frame: {to: a}}
          - {id: d, prompt: p, start_frame: {prompt: x}, end_frame: {to: a, prompt: y}}
        """),
        "shots[0].end_frame.to|a|cannot end on its own start keyframe",
        "shots[1].end_frame.to|b|names no shot: 'nowhere'",
        "shots[2].start_frame.to|c|to is for end_frame",
        "shots[3].end_frame|d|needs exactly one of prompt, image, from or to");
  }

  @Test
  void aCycleOfFromAndToIsRefusedAtEachToOnIt() {
    assertErrors(errors("""
        title: t
        shots:
          - {id: a, prompt: p, start_frame: {prompt: x}, end_frame: {to: b}}
          - {id: b, prompt: p, start_frame: {from: a}}
          - {id: c, prompt: p, start_frame: {prompt: x}, end_frame: {to: d}}
          - {id: d, prompt: p, start_frame: {prompt: x}}
        """), "shots[0].end_frame.to|a|a → b → a");
    assertErrors(errors("""
        title: t
        shots:
          - {id: a, prompt: p, start_frame: {prompt: x}, end_frame: {to: b}}
          - {id: b, prompt: p, start_frame: {prompt: x}, end_frame: {to: a}}
        """),
        "shots[0].end_frame.to|a|a → b → a",
        "shots[1].end_frame.to|b|b → a → b");
  }

  @Test
  void endFrameToNeedsAModelThatTakesAnEndFrame() {
    assertErrors(errors("""
        title: t
        provider: kling
        tier: master
        budget_usd: 10
        shots:
          - {id: a, prompt: p, start_frame: {prompt: x}, end_frame: {to: b}}
          - {id: b, prompt: p, start_frame: {prompt: x}}
        """), "shots[0].end_frame|a|takes no end frame");
  }

  @Test
  void sheetsAreEstimatedOnceAndNativeAudioHasNoLipSyncPrice() {
    StoryboardSpec spec = parser.parse("""
        title: t
        provider: local
        model: kling-v3
        characters:
          - {id: mara, references: [{prompt: a}, {prompt: b}, {image: "asset:m.png"}]}
        shots:
          - {id: a, prompt: p, characters: [mara], audio: native, start_frame: {image: "asset:s.png"},
             dialogue: {text: hi}}
        """, true);
    RateCard card = RateCard.defaults();
    CostEstimator.CostEstimate estimate = CostEstimator.estimate(spec, card);
    assertEquals(List.of("a", "character:mara"), List.copyOf(estimate.perShotUsd().keySet()));
    assertEquals(0, estimate.totalUsd().compareTo(BigDecimal.ZERO));
    assertEquals(java.util.Set.of("local"), CostEstimator.providersUsed(spec));
  }

  @Test
  void nativeAudioIsEstimatedAtTheModelsAudioOrVoiceRate() {
    StoryboardSpec spec = parser.parse("""
        title: t
        provider: fal
        model: kling-v3
        budget_usd: 20
        characters:
          - {id: mara, references: [{image: "asset:m.png"}], voice_id: en_AOT}
        shots:
          - {id: silent, prompt: p, duration: 12, start_frame: {image: "asset:s.png"}}
          - {id: sound, prompt: p, duration: 12, audio: native, start_frame: {image: "asset:s.png"}}
          - {id: voiced, prompt: p, duration: 12, audio: native, characters: [mara],
             start_frame: {image: "asset:s.png"}, dialogue: {text: "Cast off"}}
        """, true);
    assertErrors(SpecValidator.validate(spec, false));
    CostEstimator.CostEstimate estimate = CostEstimator.estimate(spec, RateCard.defaults());
    assertEquals(0, new BigDecimal("2.688").compareTo(estimate.perShotUsd().get("silent")), "12 s at $0.224/s");
    assertEquals(0, new BigDecimal("4.032").compareTo(estimate.perShotUsd().get("sound")), "12 s at $0.336/s");
    assertEquals(0, new BigDecimal("4.704").compareTo(estimate.perShotUsd().get("voiced")), "12 s at $0.392/s");
  }
}
