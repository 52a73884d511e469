package io.shotflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoryboardSpecParserTest {

  private final StoryboardSpecParser parser = new StoryboardSpecParser();

  private static final String DESIGN_EXAMPLE = """
      title: Watch reveal
      aspect_ratio: "16:9"
      resolution: 720p
      fps: 24
      provider: local
      model: kling-v2.1
      tier: pro
      fallback_providers: [fal, wavespeed]
      budget_usd: 25.00
      review:
        keyframes: required
        clips: required
        lip_sync: auto
        deadline: PT24H
        on_deadline: pause
      shots:
        - id: reveal
          prompt: "Camera pushes in as the lid lifts"
          negative_prompt: "blur, distortion"
          duration: 5
          variants: 2
          start_frame:
            prompt: "A closed matte-black box on a pedestal, studio light"
          end_frame:
            image: "https://example.com/open-box.png"
          extend:
            - prompt: "Slow orbit around the watch"
          dialogue:
            audio: "file:voice/line1.wav"
            lip_sync: { provider: local }
        - id: closeup
          prompt: "Push into the dial"
          duration: 10
          start_frame: { from: reveal }
      """;

  @Test
  void audioIsOptionalAndLeftOutOfTheJsonWhenAbsent() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
        .findAndRegisterModules();
    String shots = "shots:\n  - {id: a, prompt: p, start_frame: {prompt: x}}\n";
    String plain = json.writeValueAsString(parser.parse("title: t\n" + shots, true));
    assertTrue(!plain.contains("audio"), plain);
    String broadcast = json.writeValueAsString(parser.parse("title: t\naudio: {loudness: -23}\n" + shots, true));
    assertTrue(broadcast.contains("\"audio\":{\"loudness\":-23}"), broadcast);
    assertEquals(-23.0, json.readValue(broadcast, StoryboardSpec.class).loudnessLufs());
  }

  @Test
  void readsTheDesignExampleWithDefaultsAndSnakeCaseFields() {
    StoryboardSpec spec = parser.parse(DESIGN_EXAMPLE, true);

    assertEquals("Watch reveal", spec.title());
    assertEquals(List.of("fal", "wavespeed"), spec.fallbackProviders());
    assertEquals(0, new BigDecimal("25.00").compareTo(spec.budgetUsd()));
    assertEquals(Duration.ofHours(24), spec.review().deadline());
    assertEquals("auto", spec.review().lipSync());
    ShotSpec reveal = spec.shots().get(0);
    assertEquals("blur, distortion", reveal.negativePrompt());
    assertEquals(2, reveal.variants());
    assertEquals("https://example.com/open-box.png", reveal.endFrame().image());
    assertEquals("Slow orbit around the watch", reveal.extend().get(0).prompt());
    assertEquals("local", reveal.dialogue().lipSync().provider());
    assertEquals(10, reveal.totalSeconds());
    ShotSpec closeup = spec.shots().get(1);
    assertEquals("reveal", closeup.startFrame().from());
    assertEquals(1, closeup.variants());
    assertEquals(List.of(), closeup.extend());
  }

  @Test
  void jsonAndYamlGiveTheSameSpec() {
    String json = """
        {"title":"t","review":{"deadline":"PT2H","on_deadline":"cancel"},
         "shots":[{"id":"a","prompt":"p","start_frame":{"prompt":"x"}}]}""";
    StoryboardSpec fromJson = parser.parse(json, false);
    StoryboardSpec fromYaml = parser.parse("""
        title: t
        review: {deadline: PT2H, on_deadline: cancel}
        shots: [{id: a, prompt: p, start_frame: {prompt: x}}]
        """, true);
    assertEquals(fromJson, fromYaml);
    assertEquals(Duration.ofHours(2), fromJson.review().deadline());
    assertEquals("16:9", fromJson.aspectRatio());
  }

  @Test
  void unknownFieldNamesItsPathAndShot() {
    SpecValidationException e = assertThrows(SpecValidationException.class, () -> parser.parse("""
        title: t
        shots:
          - id: a
            prompt: p
            start_frame: {prompt: x}
          - id: b
            prompt: q
            start_frame: {prompt: y, colour: red}
        """, true));
    SpecError error = single(e);
    assertEquals("shots[1].start_frame.colour", error.field());
    assertEquals("b", error.shot());
    assertTrue(error.message().startsWith("unknown field"), error.message());
    assertTrue(error.message().contains("from, image, prompt"), error.message());
  }

  @Test
  void dialogueTextAndItsVoiceWithDefaultsOnlyForText() {
    StoryboardSpec spec = parser.parse("""
        title: t
        shots:
          - {id: a, prompt: p, start_frame: {prompt: x}, dialogue: {text: "Hi there.", voice_id: uk_man2}}
          - {id: b, prompt: p, start_frame: {prompt: x},
             dialogue: {text: "你好", voice_id: zh_male1, voice_language: zh, voice_speed: 1.5, lip_sync: {provider: fal}}}
          - {id: c, prompt: p, start_frame: {prompt: x}, dialogue: {audio: "asset:l.wav"}}
        """, true);
    DialogueSpec a = spec.shot("a").dialogue();
    assertEquals("Hi there.", a.text());
    assertEquals("uk_man2", a.voiceId());
    assertEquals("en", a.voiceLanguage());
    assertEquals(0, BigDecimal.ONE.compareTo(a.voiceSpeed()));
    DialogueSpec b = spec.shot("b").dialogue();
    assertEquals("zh", b.voiceLanguage());
    assertEquals(new BigDecimal("1.5"), b.voiceSpeed());
    assertEquals("fal", b.lipSync().provider());
    DialogueSpec c = spec.shot("c").dialogue();
    assertNull(c.text());
    assertNull(c.voiceLanguage());
    assertNull(c.voiceSpeed());

    SpecError unknown = single(assertThrows(SpecValidationException.class, () -> parser.parse("""
        title: t
        shots: [{id: a, prompt: p, start_frame: {prompt: x}, dialogue: {text: Hi, voice: en_AOT}}]
        """, true)));
    assertEquals("shots[0].dialogue.voice", unknown.field());
    assertTrue(unknown.message().contains("voice_id, voice_language, voice_speed"), unknown.message());
    SpecError speed = single(assertThrows(SpecValidationException.class, () -> parser.parse("""
        title: t
        shots: [{id: a, prompt: p, start_frame: {prompt: x}, dialogue: {text: Hi, voice_id: en_AOT, voice_speed: fast}}]
        """, true)));
    assertEquals("shots[0].dialogue.voice_speed", speed.field());
    assertTrue(speed.message().contains("a number"), speed.message());
  }

  @Test
  void unknownTopLevelFieldInJson() {
    SpecError error = single(assertThrows(SpecValidationException.class,
        () -> parser.parse("{\"title\":\"t\",\"shots\":[],\"budget\":3}", false)));
    assertEquals("budget", error.field());
    assertNull(error.shot());
  }

  @Test
  void wrongTypesNameTheFieldAndWhatWasExpected() {
    SpecError duration = single(assertThrows(SpecValidationException.class, () -> parser.parse("""
        title: t
        shots: [{id: a, prompt: p, duration: five, start_frame: {prompt: x}}]
        """, true)));
    assertEquals("shots[0].duration", duration.field());
    assertEquals("a", duration.shot());
    assertTrue(duration.message().contains("a whole number"), duration.message());

    SpecError fractional = single(assertThrows(SpecValidationException.class, () -> parser.parse("""
        {"title":"t","shots":[{"id":"a","prompt":"p","duration":5.5,"start_frame":{"prompt":"x"}}]}""", false)));
    assertEquals("shots[0].duration", fractional.field());

    SpecError deadline = single(assertThrows(SpecValidationException.class,
        () -> parser.parse("title: t\nreview: {deadline: 24 hours}\nshots: []\n", true)));
    assertEquals("review.deadline", deadline.field());
    assertTrue(deadline.message().contains("ISO-8601"), deadline.message());

    SpecError shots = single(assertThrows(SpecValidationException.class,
        () -> parser.parse("title: t\nshots: {id: a}\n", true)));
    assertEquals("shots", shots.field());
    assertTrue(shots.message().contains("a list"), shots.message());

    SpecError budget = single(assertThrows(SpecValidationException.class,
        () -> parser.parse("title: t\nbudget_usd: lots\nshots: []\n", true)));
    assertEquals("budget_usd", budget.field());
  }

  @Test
  void syntaxErrorsAndEmptyDocumentsAreErrorsToo() {
    SpecError syntax = single(assertThrows(SpecValidationException.class, () -> parser.parse("{\"title\": ", false)));
    assertEquals("title", syntax.field(), "where the document stopped");
    SpecError top = single(assertThrows(SpecValidationException.class, () -> parser.parse("{,", false)));
    assertNull(top.field());
    assertTrue(syntax.message().startsWith("not valid JSON"), syntax.message());
    assertTrue(single(assertThrows(SpecValidationException.class, () -> parser.parse("  ", true)))
        .message().contains("empty"));
    assertTrue(single(assertThrows(SpecValidationException.class, () -> parser.parse("- a\n- b\n", true)))
        .message().contains("object"));
  }

  @Test
  void emptyListEntriesAndDuplicateKeysAreNamed() {
    SpecValidationException empty = assertThrows(SpecValidationException.class, () -> parser.parse("""
        title: t
        fallback_providers: [fal, ~]
        shots: [{id: a, prompt: p, start_frame: {prompt: x}, extend: [~]}]
        """, true));
    assertEquals(List.of(new SpecError("fallback_providers[1]", null, "empty entry"), new SpecError("shots[0].extend[0]", "a", "empty entry")),
        empty.errors());
    SpecError duplicate = single(assertThrows(SpecValidationException.class,
        () -> parser.parse("title: t\nshots:\n  - id: a\n    id: b\n", true)));
    assertTrue(duplicate.message().contains("Duplicate field 'id'"), duplicate.message());
    assertEquals("shots[0].id", duplicate.field());
    SpecError cut = single(assertThrows(SpecValidationException.class,
        () -> parser.parse("{\"title\": \"t\", \"shots\": [{\"id\": \"a\"}, {\"prompt\": \"unterminated", false)));
    assertEquals("shots[1].prompt", cut.field());
    assertTrue(duplicate.message().contains("line 4"), duplicate.message());
  }

  private static SpecError single(SpecValidationException e) {
    assertEquals(1, e.errors().size(), e.errors().toString());
    return e.errors().get(0);
  }

  private SpecError refusal(byte[] content, boolean yaml) {
    SpecValidationException e = assertThrows(SpecValidationException.class, () -> parser.parse(content, yaml));
    assertEquals(1, e.errors().size(), e.getMessage());
    return e.errors().get(0);
  }

  @Test
  void bytesMustBeUtf8() {
    byte[] latin1 = "title: Caf\u00e9\nshots: []\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    SpecError error = refusal(latin1, true);
    assertNull(error.field());
    assertTrue(error.message().contains("not valid UTF-8") && error.message().contains("byte 10"), error.message());
    byte[] utf8 = "\ufefftitle: Caf\u00e9\nshots: [{id: a, prompt: p, start_frame: {prompt: x}}]\n"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals("Caf\u00e9", parser.parse(utf8, true).title());
  }

  @Test
  void documentsAreBoundedInSizeNestingAndNumberLength() {
    byte[] huge = new byte[InputLimits.SPEC_BODY_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    assertTrue(refusal(huge, false).message().contains("at most " + InputLimits.SPEC_BODY_BYTES + " bytes"));
    String deep = "{\"title\": " + "[".repeat(100) + "]".repeat(100) + "}";
    assertTrue(refusal(deep.getBytes(), false).message().contains("nesting depth"), deep);
    String longNumber = "{\"budget_usd\": 1" + "0".repeat(200) + "}";
    assertTrue(refusal(longNumber.getBytes(), false).message().contains("Number value length"));
    String yamlDeep = "title: " + "[".repeat(100) + "]".repeat(100) + "\n";
    assertTrue(refusal(yamlDeep.getBytes(), true).message().startsWith("not valid YAML"));
  }

  @Test
  void yamlAliasesAreNotExpandedIntoHugeDocuments() {
    // a billion laughs: ten aliases of ten aliases of ... nine levels deep
    StringBuilder laughs = new StringBuilder("title: t\nfallback_providers:\n  - &a [kling, kling, kling, kling, kling]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      laughs.append("  - &").append(c).append(" [").append(("*" + (char) (c - 1) + ", ").repeat(9))
          .append("*").append((char) (c - 1)).append("]\n");
    }
    laughs.append("shots: [{id: a, prompt: p, start_frame: {prompt: x}}]\n");
    SpecValidationException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> assertThrows(SpecValidationException.class, () -> parser.parse(laughs.toString().getBytes(), true)));
    assertEquals("fallback_providers[0]", e.errors().get(0).field(), e.getMessage());
    // an alias reads as its anchor's name
    StoryboardSpec spec = parser.parse("title: &t Sunrise\nshots: [{id: *t, prompt: p, start_frame: {prompt: x}}]\n", true);
    assertEquals("t", spec.shots().get(0).id());
  }
}
