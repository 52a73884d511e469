package io.shotflow.spec;

import static io.shotflow.spec.SpecErrorsAssert.assertErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.provider.RateCard;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

  private final StoryboardSpecParser parser = new StoryboardSpecParser();

  private List<SpecError> errors(String yaml) {
    return SpecValidator.validate(parser.parse(yaml, true), false);
  }

  private List<SpecError> errorsAllowingFiles(String yaml) {
    return SpecValidator.validate(parser.parse(yaml, true), true);
  }

  @Test
  void aValidLocalSpecHasNoErrors() {
    assertErrors(errorsAllowingFiles("""
        title: Watch reveal
        shots:
          - id: reveal
            prompt: Camera pushes in
            variants: 4
            start_frame: {prompt: A closed box}
            end_frame: {image: "https://example.com/open-box.png?x=1"}
            extend: [{prompt: orbit}]
            dialogue: {audio: "file:voice/line1.wav"}
          - id: closeup
            prompt: Push into the dial
            duration: 10
            start_frame: {from: reveal}
            end_frame: {image: "asset:9f2c.jpg"}
        """));
  }

  @Test
  void requiredTopLevelFields() {
    assertErrors(errors("title: ' '\nshots: []\n"), "title||required", "shots||at least one shot");
  }

  @Test
  void settingsMustBeAllowedValues() {
    assertErrors(errors("""
        title: t
        aspect_ratio: "4:3"
        resolution: 4k
        fps: 60
        tier: ultra
        review: {keyframes: maybe, clips: auto, lip_sync: never, deadline: PT0S, on_deadline: shrug}
        shots: [{id: a, prompt: p, start_frame: {prompt: x}}]
        """),
        "aspect_ratio||16:9, 9:16, 1:1",
        "resolution||720p, 1080p",
        "fps||24, 25, 30",
        "tier||standard, pro, master",
        "review.keyframes||required, auto",
        "review.lip_sync||required, auto",
        "review.deadline||positive",
        "review.on_deadline||pause, auto_approve, cancel");
  }

  @Test
  void audioLoudnessIsATargetWithinRange() {
    String shots = "shots:\n  - {id: a, prompt: p, start_frame: {prompt: x}}\n";
    StoryboardSpec broadcast = parser.parse("title: t\naudio: {loudness: -23}\n" + shots, true);
    assertErrors(SpecValidator.validate(broadcast, false));
    assertEquals(-23.0, broadcast.loudnessLufs());
    assertEquals(-16.0, parser.parse("title: t\n" + shots, true).loudnessLufs());
    assertEquals(-16.0, parser.parse("title: t\naudio: {}\n" + shots, true).loudnessLufs());
    assertErrors(errors("title: t\naudio: {loudness: -40}\n" + shots), "audio.loudness||between -36 and -10 LUFS");
    assertErrors(errors("title: t\naudio: {loudness: 0}\n" + shots), "audio.loudness||got 0");
  }

  @Test
  void shotIdsAreRequiredWellFormedAndUnique() {
    assertErrors(errors("""
        title: t
        shots:
          - {prompt: p, start_frame: {prompt: x}}
          - {id: Big_Shot, prompt: p, start_frame: {prompt: x}}
          - {id: a, prompt: p, start_frame: {prompt: x}}
          - {id: a, prompt: p, start_frame: {prompt: x}}
        """),
        "shots[0].id||required",
        "shots[1].id|Big_Shot|[a-z0-9-]{1,40}",
        "shots[3].id|a|duplicate id");
  }

  @Test
  void shotFieldsNameTheShot() {
    assertErrors(errors("""
        title: t
        shots:
          - {id: a, duration: 7, variants: 5, start_frame: {prompt: x}}
          - {id: b, prompt: p, variants: 0, extend: [{prompt: ''}]}
        """),
        "shots[0].prompt|a|required",
        "shots[0].duration|a|makes 5 or 10 s clips, not 7 s",
        "shots[0].variants|a|between 1 and 4",
        "shots[1].variants|b|between 1 and 4",
        "shots[1].start_frame|b|required",
        "shots[1].extend[0].prompt|b|required");
  }

  @Test
  void durationsComeFromTheModelOnTheProvider() {
    String spec = """
        title: t
        provider: %s
        model: %s
        tier: pro
        budget_usd: 100
        shots:
          - {id: a, prompt: p, duration: %d, start_frame: {prompt: x}}
        """;
    assertErrors(errors(spec.formatted("kling", "kling-v2.1", 12)),
        "shots[0].duration|a|kling kling-v2.1 pro makes 5 or 10 s clips, not 12 s");
    assertErrors(errors(spec.formatted("fal", "kling-v2.5-turbo", 7)),
        "shots[0].duration|a|fal kling-v2.5-turbo pro makes 5 or 10 s clips, not 7 s");
    assertErrors(errors(spec.formatted("kling", "kling-v3", 16)),
        "shots[0].duration|a|must be a whole number of seconds from 1 to 15, not 16");
    assertErrors(errors(spec.formatted("fal", "kling-o1", 3)),
        "shots[0].duration|a|fal kling-o1 pro makes 5 or 10 s clips, not 3 s");
    for (int seconds = 3; seconds <= 15; seconds++) {
      assertErrors(errors(spec.formatted("kling", "kling-v3", seconds)));
      assertErrors(errors(spec.formatted("fal", "kling-v3", seconds)));
      assertErrors(errors(spec.formatted("local", "kling-v3", seconds)));
    }
    assertErrors(errors(spec.formatted("local", "kling-v2.1", 0)),
        "shots[0].duration|a|must be a whole number of seconds from 1 to 15, not 0");
  }

  @Test
  void framesHaveExactlyOneForm() {
    assertErrors(errors("""
        title: t
        shots:
          - {id: a, prompt: p, start_frame: {prompt: x, image: "asset:x.png"}}
          - {id: b, prompt: p, start_frame: {}}
          - {id: c, prompt: p, start_frame: {prompt: " "}}
        """),
        "shots[0].start_frame|a|exactly one of prompt, image or from",
        "shots[1].start_frame|b|exactly one of prompt, image or from",
        "shots[2].start_frame.prompt|c|blank");
  }

  @Test
  void fromMustNameAnEarlierShot() {
    assertErrors(errors("""
        title: t
        shots:
          - {id: a, prompt: p, start_frame: {from: b}}
          - {id: b, prompt: p, start_frame: {from: b}}
          - {id: c, prompt: p, start_frame: {from: nope}, end_frame: {from: a}}
        """),
        "shots[0].start_frame.from|a|comes later",
        "shots[1].start_frame.from|b|itself",
        "shots[2].start_frame.from|c|names no shot");
  }

  @Test
  void imageReferencesHaveAKnownFormAndExtension() {
    String spec = """
        title: t
        shots:
          - {id: a, prompt: p, start_frame: {image: "ftp://host/x.png"}}
          - {id: b, prompt: p, start_frame: {image: "file:frames/b.png"}}
          - {id: c, prompt: p, start_frame: {image: "https://host/frame.gif"}}
          - {id: d, prompt: p, start_frame: {image: "asset:abc.webp"}}
          - {id: e, prompt: p, start_frame: {image: "https://cdn.example/render?id=7"}}
        """;
    assertErrors(errors(spec),
        "shots[0].start_frame.image|a|http(s) URL, asset:<id> or a file: path",
        "shots[1].start_frame.image|b|file: references are not accepted here",
        "shots[2].start_frame.image|c|jpeg/jpg/png, not .gif",
        "shots[3].start_frame.image|d|not .webp");
    assertErrors(errorsAllowingFiles(spec),
        "shots[0].start_frame.image|a|http(s) URL",
        "shots[2].start_frame.image|c|not .gif",
        "shots[3].start_frame.image|d|not .webp");
  }

  @Test
  void endFramesFollowTheTierCapabilities() {
    String shots = """
        budget_usd: 100
        shots: [{id: a, prompt: p, start_frame: {prompt: x}, end_frame: {image: "asset:e.png"}}]
        """;
    assertErrors(errors("title: t\nprovider: kling\ntier: pro\n" + shots));
    assertErrors(errors("title: t\nprovider: kling\ntier: standard\n" + shots),
        "shots[0].end_frame|a|kling kling-v2.1 standard takes no end frame (end frames need tier pro)");
    assertErrors(errors("title: t\nprovider: fal\ntier: master\n" + shots),
        "shots[0].end_frame|a|fal kling-v2.1 master takes no end frame");
    assertErrors(errors("title: t\nprovider: local\ntier: master\n" + shots));
  }

  @Test
  void dialogueNeedsAudioOfAnAllowedFormatAndALipSyncProvider() {
    assertErrors(errorsAllowingFiles("""
        title: t
        budget_usd: 10
        shots:
          - {id: a, prompt: p, start_frame: {prompt: x}, dialogue: {lip_sync: {provider: local}}}
          - {id: b, prompt: p, start_frame: {prompt: x}, dialogue: {audio: "file:line.ogg"}}
          - {id: c, prompt: p, start_frame: {prompt: x}, dialogue: {audio: "asset:l.wav", lip_sync: {provider: dub}}}
          - {id: d, prompt: p, start_frame: {prompt: x}, dialogue: {audio: "asset:l.mp3", lip_sync: {provider: sync}}}
          - {id: e, prompt: p, duration: 10, extend: [{prompt: more}], start_frame: {prompt: x},
             dialogue: {audio: "asset:l.m4a", lip_sync: {provider: kling}}}
        """),
        "shots[0].dialogue.audio|a|required",
        "shots[1].dialogue.audio|b|aac/m4a/mp3/wav, not .ogg",
        "shots[2].dialogue.lip_sync.provider|c|unknown provider 'dub'");
  }

  /** Past Kling's 10 s of video a recording is lip-synced clip by clip; what cannot be split is refused. */
  @Test
  void aShotLongerThanTheLipSyncLimitIsRefusedOnlyWhenNoPathStaysWithinIt() {
    assertErrors(errorsAllowingFiles("""
        title: t
        budget_usd: 10
        shots:
          - {id: a, prompt: p, extend: [{prompt: more}, {prompt: more}], start_frame: {prompt: x},
             dialogue: {audio: "asset:l.wav", lip_sync: {provider: kling}}}
          - {id: b, prompt: p, extend: [{prompt: more}, {prompt: more}], start_frame: {prompt: x},
             dialogue: {text: Hello there, voice_id: en_AOT, lip_sync: {provider: kling}}}
        """),
        "shots[1].dialogue.lip_sync.provider|b|kling takes 2–10 s of video and this shot is 15 s; a line of text "
            + "cannot be split at the clip boundaries");
    // Kling 1.6 extends natively: the shot is one 15 s video, which is not split
    assertErrors(errors("""
        title: t
        provider: kling
        model: kling-v1.6
        budget_usd: 10
        shots:
          - {id: a, prompt: p, extend: [{prompt: more}, {prompt: more}], start_frame: {prompt: x},
             dialogue: {audio: "asset:l.wav"}}
        """),
        "provider|a|its extend steps make one video that is not split");
    // a lip-sync provider that takes the length is the path
    assertErrors(errors("""
        title: t
        provider: kling
        model: kling-v1.6
        budget_usd: 10
        shots:
          - {id: a, prompt: p, extend: [{prompt: more}, {prompt: more}], start_frame: {prompt: x},
             dialogue: {audio: "asset:l.wav", lip_sync: {provider: sync}}}
        """));
  }

  @Test
  void dialogueStartIsWithinTheShotAndOnlyForARecording() {
    assertErrors(errors("""
        title: t
        budget_usd: 10
        shots:
          - {id: a, prompt: p, start_frame: {prompt: x}, dialogue: {audio: "asset:l.wav", start: 2.5}}
          - {id: b, prompt: p, start_frame: {prompt: x}, dialogue: {audio: "asset:l.wav", start: -1}}
          - {id: c, prompt: p, start_frame: {prompt: x}, dialogue: {audio: "asset:l.wav", start: 5}}
          - {id: d, prompt: p, start_frame: {prompt: x}, dialogue: {text: Hi there, voice_id: en_AOT, start: 1}}
        """),
        "shots[1].dialogue.start|b|must be at least 0",
        "shots[2].dialogue.start|c|must be before the shot's end: the shot is 5 s",
        "shots[3].dialogue.start|d|applies only to dialogue.audio");
  }

  @Test
  void dialogueTextNeedsAVoiceAndAProviderThatSpeaks() {
    assertErrors(errors("""
        title: t
        budget_usd: 10
        shots:
          - {id: a, prompt: p, start_frame: {prompt: x}, dialogue: {text: "Hello there.", voice_id: en_AOT}}
          - {id: b, prompt: p, start_frame: {prompt: x},
             dialogue: {text: "你好", voice_id: zh_male1, voice_language: zh, voice_speed: 2.0, lip_sync: {provider: kling}}}
          - {id: c, prompt: p, start_frame: {prompt: x}, dialogue: {text: "Hi.", voice_id: uk_man2, lip_sync: {provider: fal}}}
          - {id: d, prompt: p, start_frame: {prompt: x}, dialogue: {text: "Hi.", voice_id: en_AOT, lip_sync: {provider: replicate}}}
        """));
    assertErrors(errors("""
        title: t
        budget_usd: 10
        shots:
          - {id: a, prompt: p, start_frame: {prompt: x}, dialogue: {audio: "asset:l.wav", text: "Hello", voice_id: en_AOT}}
          - {id: b, prompt: p, start_frame: {prompt: x}, dialogue: {voice_id: en_AOT}}
          - {id: c, prompt: p, start_frame: {prompt: x}, dialogue: {text: "%s", voice_id: en_AOT}}
          - {id: d, prompt: p, start_frame: {prompt: x}, dialogue: {text: "Hi.", voice_id: en_AOT, voice_speed: 2.5}}
          - {id: e, prompt: p, start_frame: {prompt: x}, dialogue: {text: "Hi.", voice_speed: 0.5, voice_language: fr}}
          - {id: f, prompt: p, start_frame: {prompt: x}, dialogue: {text: "Hi.", voice_id: en_AOT, lip_sync: {provider: sync}}}
          - {id: g, prompt: p, start_frame: {prompt: x}, dialogue: {audio: "asset:l.wav", voice_speed: 1.5}}
        """.formatted("x".repeat(121))),
        "shots[0].dialogue.text|a|either audio or text, not both",
        "shots[1].dialogue.audio|b|required when a shot has dialogue (or text with voice_id)",
        "shots[2].dialogue.text|c|at most 120 characters, not 121",
        "shots[3].dialogue.voice_speed|d|between 0.8 and 2.0, not 2.5",
        "shots[4].dialogue.voice_id|e|required with text",
        "shots[4].dialogue.voice_language|e|must be one of en, zh, not 'fr'",
        "shots[4].dialogue.voice_speed|e|between 0.8 and 2.0, not 0.5",
        "shots[5].dialogue.lip_sync.provider|f|sync lip-syncs recorded audio only, not dialogue.text "
            + "(text-driven: local, kling, fal, wavespeed, replicate)",
        "shots[6].dialogue.voice_speed|g|applies only to dialogue.text, not to audio");
    // the storyboard's own provider speaks when no lip-sync provider is named: the error names it
    assertErrors(errors("""
        title: t
        provider: kling
        budget_usd: 10
        shots: [{id: a, prompt: p, start_frame: {prompt: x}, dialogue: {text: "", voice_id: en_AOT}}]
        """), "shots[0].dialogue.text|a|must not be blank");
  }

  @Test
  void theExamplesAreValid() throws Exception {
    for (String example : List.of("watch-reveal.yaml", "single-shot.yaml", "dialogue-text.yaml")) {
      String yaml = java.nio.file.Files.readString(java.nio.file.Path.of("..", "examples", example));
      assertErrors(errorsAllowingFiles(yaml));
    }
  }

  @Test
  void kling16ExtendsNativelyInFiveSecondSteps() {
    String spec = """
        title: t
        provider: kling
        model: kling-v1.6
        tier: %s
        budget_usd: 50
        shots:
          - {id: a, prompt: p, start_frame: {prompt: x}, end_frame: {prompt: y}, extend: [{prompt: more}, {prompt: again}]}
          - {id: b, prompt: p, duration: 10, start_frame: {prompt: x}, extend: [{prompt: more}]}
          - {id: c, prompt: p, duration: 10, start_frame: {prompt: x}}
        """;
    assertErrors(errors(spec.formatted("pro")),
        "shots[1].extend|b|kling kling-v1.6 pro extends natively by 5 s per step; a shot with extend steps needs duration: 5");
    assertErrors(errors(spec.formatted("standard")),
        "shots[0].end_frame|a|kling kling-v1.6 standard takes no end frame (end frames need tier pro)",
        "shots[1].extend|b|extends natively by 5 s per step");
    assertErrors(errors(spec.formatted("master")), "tier||kling kling-v1.6 has no tier 'master'");
    assertErrors(errors("""
        title: t
        provider: kling
        model: kling-v1.6
        budget_usd: 50
        fallback_providers: [fal]
        shots: [{id: a, prompt: p, start_frame: {prompt: x}}]
        """), "fallback_providers[0]||fal cannot stand in: it has no kling-v1.6 in tier pro");
    assertErrors(errors("""
        title: t
        model: kling-v1.6
        shots: [{id: a, prompt: p, start_frame: {prompt: x}}]
        """), "model||local offers kling-v2.1, kling-v2.5-turbo, kling-v2.6, kling-v3, kling-o1, not 'kling-v1.6'");
  }

  @Test
  void providersMustBeKnownAndAbleToStandIn() {
    assertErrors(errors("""
        title: t
        provider: pika
        shots: [{id: a, prompt: p, start_frame: {prompt: x}}]
        """), "provider||unknown provider 'pika'");
    assertErrors(errors("""
        title: t
        provider: sync
        budget_usd: 5
        shots: [{id: a, prompt: p, start_frame: {prompt: x}}]
        """), "provider||only does lip-sync");
    assertErrors(errors("""
        title: t
        provider: kling
        model: kling-v9
        budget_usd: 5
        shots: [{id: a, prompt: p, start_frame: {prompt: x}}]
        """), "model||kling offers kling-v2.1, kling-v1.6, kling-v2.5-turbo, kling-v2.6, kling-v3, kling-o1, not 'kling-v9'");
    assertErrors(errors("""
        title: t
        provider: kling
        tier: pro
        budget_usd: 50
        fallback_providers: [fal, nope, sync]
        shots: [{id: a, prompt: p, start_frame: {prompt: x}, end_frame: {prompt: y}}]
        """),
        "fallback_providers[1]||unknown provider 'nope'",
        "fallback_providers[2]||sync cannot stand in");
  }

  @Test
  void paidProvidersNeedABudgetThatCoversTheEstimate() {
    String shots = "shots: [{id: a, prompt: p, variants: 2, start_frame: {prompt: x}}]\n";
    assertErrors(errors("title: t\nprovider: kling\n" + shots), "budget_usd||required when a paid provider is used (kling)");
    assertErrors(errors("title: t\nprovider: kling\nbudget_usd: 0\n" + shots), "budget_usd||greater than 0");
    assertErrors(errors("title: t\nbudget_usd: -1\n" + shots), "budget_usd||negative");
    // a free storyboard whose fallback or lip-sync is paid still needs a budget
    assertErrors(errors("title: t\nfallback_providers: [fal]\n" + shots), "budget_usd||required when a paid provider is used (fal)");
    assertErrors(errors("""
        title: t
        shots: [{id: a, prompt: p, start_frame: {prompt: x}, dialogue: {audio: "asset:l.wav", lip_sync: {provider: sync}}}]
        """), "budget_usd||(sync)");
    // kling pro: keyframe 0.014 + 2 × 0.49 = 0.994
    assertErrors(errors("title: t\nprovider: kling\nbudget_usd: 0.99\n" + shots), "budget_usd||estimated cost $0.994 exceeds the budget $0.99");
    assertErrors(errors("title: t\nprovider: kling\nbudget_usd: 0.994\n" + shots));
  }

  @Test
  void theBudgetIsCheckedAtTheGivenRateCard() {
    String spec = "title: t\nprovider: kling\nbudget_usd: 0.90\nshots: [{id: a, prompt: p, variants: 2, start_frame: {prompt: x}}]\n";
    RateCard cheaper = RateCard.defaults().with("kling", "clip-pro-5s", new BigDecimal("0.40"));
    assertErrors(SpecValidator.validate(parser.parse(spec, true), false, cheaper));
    assertErrors(errors(spec), "budget_usd||estimated cost $0.994 exceeds the budget $0.9 ");
    // without prices (a client submitting to a server with its own card) the estimate is the server's business
    assertErrors(SpecValidator.validate(parser.parse(spec, true), true, null));
    RateCard localPaid = RateCard.defaults().with("local", "clip-pro-5s", new BigDecimal("0.01"));
    assertErrors(SpecValidator.validate(parser.parse("title: t\n" + spec.substring(spec.indexOf("shots")), true), false, localPaid),
        "budget_usd||required when a paid provider is used (local)");
  }

  @Test
  void requireValidThrowsWithEveryError() {
    SpecValidationException e = assertThrows(SpecValidationException.class,
        () -> SpecValidator.requireValid(parser.parse("title: ''\nfps: 12\nshots: []\n", true), false));
    assertEquals(List.of("title", "fps", "shots"), e.errors().stream().map(SpecError::field).toList());
    assertTrue(e.getMessage().contains("fps: must be one of 24, 25, 30"), e.getMessage());
  }

  @Test
  void titlesFitTheCatalogColumn() {
    String shots = "shots: [{id: a, prompt: p, start_frame: {prompt: x}}]\n";
    assertErrors(errors("title: " + "t".repeat(500) + "\n" + shots));
    assertErrors(errors("title: " + "t".repeat(600) + "\n" + shots), "title||at most 500 characters, not 600");
    assertErrors(errors("title: \"a\\0b\"\n" + shots), "title||U+0000");
  }

  @Test
  void promptsFitTheModelsLimit() {
    String prompt = "p".repeat(3000);
    assertErrors(errors("title: t\nprovider: kling\nbudget_usd: 5\nshots:\n"
            + "  - {id: a, prompt: " + prompt + ", negative_prompt: " + prompt + ",\n"
            + "     start_frame: {prompt: " + prompt + "}, extend: [{prompt: " + "p".repeat(2500) + "}]}\n"),
        "shots[0].prompt|a|at most 2500 characters for kling kling-v2.1 pro, not 3000",
        "shots[0].negative_prompt|a|at most 2500 characters",
        "shots[0].start_frame.prompt|a|at most 2500 characters");
    // the local animatic keeps Kling's limit, so a spec tried locally fits Kling too
    assertErrors(errors("title: t\nshots: [{id: a, prompt: " + prompt + ", start_frame: {prompt: x}}]\n"),
        "shots[0].prompt|a|at most 2500 characters for local kling-v2.1 pro");
  }

  @Test
  void listsAreBounded() {
    StringBuilder many = new StringBuilder("title: t\nshots:\n");
    for (int i = 0; i < 201; i++) {
      many.append("  - {id: s").append(i).append(", prompt: p, start_frame: {prompt: x}}\n");
    }
    assertErrors(errors(many.toString()), "shots||at most 200 shots, not 201");
    String steps = "[" + "{prompt: p}, ".repeat(36) + "]";
    assertErrors(errors("title: t\nshots: [{id: a, prompt: p, start_frame: {prompt: x}, extend: " + steps + "}]\n"),
        "shots[0].extend|a|at most 35 steps, not 36");
    assertErrors(errors("title: t\nfallback_providers: [fal, fal, fal, fal, fal, fal, fal]\nbudget_usd: 5\n"
        + "shots: [{id: a, prompt: p, start_frame: {prompt: x}}]\n"), "fallback_providers||at most 6 providers, not 7");
  }

  @Test
  void numbersAreBoundedBeforeAnyArithmetic() {
    String shots = "shots: [{id: a, prompt: p, start_frame: {prompt: x}}]\n";
    assertErrors(errors("title: t\nbudget_usd: 1e11\n" + shots), "budget_usd||at most 8 digits before the decimal point");
    assertErrors(errors("title: t\nbudget_usd: 1e999999999\n" + shots), "budget_usd||out of range");
    assertErrors(errors("title: t\nbudget_usd: 1.23456\n" + shots), "budget_usd||at most 4");
    assertErrors(errors("title: t\nbudget_usd: 99999999.9999\n" + shots));
    assertErrors(errors("""
        title: t
        provider: kling
        budget_usd: 10
        shots:
          - id: a
            prompt: p
            start_frame: {prompt: x}
            dialogue: {text: hi, voice_id: v, voice_speed: 1e999999999}
        """), "shots[0].dialogue.voice_speed|a|out of range");
  }

  @Test
  void referencesAndVoicesAreBounded() {
    String url = "https://example.com/" + "a".repeat(2100) + ".png";
    assertErrors(errors("title: t\nshots: [{id: a, prompt: p, start_frame: {image: \"" + url + "\"}}]\n"),
        "shots[0].start_frame.image|a|at most 2048 characters");
    assertErrors(errors("title: t\nprovider: kling\nbudget_usd: 10\nshots: [{id: a, prompt: p, start_frame: {prompt: x},"
        + " dialogue: {text: hi, voice_id: " + "v".repeat(101) + "}}]\n"), "shots[0].dialogue.voice_id|a|at most 100");
  }

  @Test
  void reviewDeadlinesAreAtMostAYear() {
    String shots = "shots: [{id: a, prompt: p, start_frame: {prompt: x}}]\n";
    assertErrors(errors("title: t\nreview: {deadline: P365D}\n" + shots));
    assertErrors(errors("title: t\nreview: {deadline: P366D}\n" + shots), "review.deadline||at most P365D");
  }

  @Test
  void refusedValuesAreEchoedShort() {
    List<SpecError> found = errors("title: t\nprovider: " + "x".repeat(5000) + "\nshots: [{id: a, prompt: p, start_frame: {prompt: x}}]\n");
    assertTrue(found.get(0).message().length() < 200, found.get(0).message());
  }
}
