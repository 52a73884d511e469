package io.shotflow.spec;

import static io.shotflow.spec.SpecErrorsAssert.assertErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.RateCard;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A shot's own {@code model}: it defaults to the storyboard's, and every rule and price that depends on the model reads
 * the shot's ({@link StoryboardSpec#modelOf}).
 */
class ShotModelSpecTest {

  private final StoryboardSpecParser parser = new StoryboardSpecParser();

  /** A Kling 3.0 storyboard on fal with a 12 s native-audio shot and a Kling 2.5 Turbo shot with both frames. */
  private static final String MIXED = """
      title: Harbour
      provider: fal
      model: kling-v3
      tier: pro
      budget_usd: 20
      characters:
        - { id: mara, references: [ {prompt: "Mara in a yellow rain jacket"} ], voice_id: en_AOT }
      shots:
        - id: boat
          prompt: Mara casts off
          duration: 12
          characters: [mara]
          audio: native
          start_frame: {prompt: a boat}
          dialogue: {text: "Cast off!"}
        - id: gulls
          model: kling-v2.5-turbo
          prompt: Gulls over the harbour
          duration: 5
          start_frame: {prompt: gulls on a post}
          end_frame: {prompt: gulls in the sky}
      """;

  private StoryboardSpec parse(String yaml) {
    return parser.parse(yaml, true);
  }

  @Test
  void aShotsModelDefaultsToTheStoryboards() {
    StoryboardSpec spec = parse(MIXED);
    assertNull(spec.shot("boat").model());
    assertEquals("kling-v3", spec.modelOf(spec.shot("boat")));
    assertEquals("kling-v2.5-turbo", spec.modelOf(spec.shot("gulls")));
    assertEquals(Set.of("kling-v3", "kling-v2.5-turbo"), spec.models());
    assertErrors(SpecValidator.validate(spec, false));
  }

  @Test
  void theModelSurvivesTheRewritesAndJson() throws Exception {
    ShotSpec gulls = parse(MIXED).shot("gulls");
    assertEquals("kling-v2.5-turbo", gulls.withPrompt("p").model());
    assertEquals("kling-v2.5-turbo", gulls.withInputs(gulls.startFrame(), null, null).model());
    String json = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules()
        .writeValueAsString(parse(MIXED));
    assertTrue(json.contains("\"model\":\"kling-v2.5-turbo\""), json);
    assertEquals(parse(MIXED), parser.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), false));
  }

  @Test
  void anUnknownShotModelOrOneWithoutTheTierIsNamed() {
    assertErrors(SpecValidator.validate(parse(MIXED.replace("model: kling-v2.5-turbo", "model: kling-v9")), false),
        "shots[1].model|gulls|fal offers kling-v2.1, kling-v2.5-turbo, kling-v2.6, kling-v3, kling-o1, not 'kling-v9'");
    assertErrors(SpecValidator.validate(parse(MIXED.replace("tier: pro", "tier: standard")
            .replace("model: kling-v2.5-turbo", "model: kling-o1").replace("    end_frame: {prompt: gulls in the sky}\n", "")),
        false), "shots[1].model|gulls|fal kling-o1 has no tier 'standard'");
  }

  /** A storyboard on fal, tier pro, of storyboard model {@code model}, with one character and {@code shots}. */
  private StoryboardSpec fal(String model, String shots) {
    return parse("""
        title: t
        provider: fal
        model: %s
        budget_usd: 20
        characters: [ { id: mara, references: [ {prompt: "Mara"} ] } ]
        shots:
        %s""".formatted(model, shots));
  }

  @Test
  void durationsEndFramesReferencesAndAudioFollowTheShotsModel() {
    // a 12 s shot on Kling 2.1 in a Kling 3.0 storyboard
    assertErrors(SpecValidator.validate(fal("kling-v3", """
          - { id: boat, model: kling-v2.1, prompt: p, duration: 12, start_frame: {prompt: x} }
        """), false),
        "shots[0].duration|boat|fal kling-v2.1 pro makes 5 or 10 s clips, not 12 s");
    // references and native audio on Kling 2.5 Turbo, which takes neither
    assertErrors(SpecValidator.validate(fal("kling-v3", """
          - { id: boat, model: kling-v2.5-turbo, prompt: p, characters: [mara], audio: native,
              start_frame: {prompt: x} }
        """), false),
        "shots[0].characters|boat|fal kling-v2.5-turbo pro takes no reference images",
        "shots[0].audio|boat|fal kling-v2.5-turbo pro makes no sound of its own");
    // an end frame on Kling O1 (fal's reference-to-video takes none) in a Kling 2.5 Turbo storyboard, where the
    // 3.0 shot may be 12 s with mara
    assertErrors(SpecValidator.validate(fal("kling-v2.5-turbo", """
          - { id: boat, model: kling-v3, prompt: p, duration: 12, characters: [mara], start_frame: {prompt: x} }
          - { id: gulls, model: kling-o1, prompt: p, start_frame: {prompt: x}, end_frame: {prompt: y} }
        """), false),
        "shots[1].end_frame|gulls|fal kling-o1 pro takes no end frame");
  }

  @Test
  void aFallbackMustOfferEachShotsModel() {
    // WaveSpeed has Kling 2.5 Turbo but no Kling 3.0: the 3.0 shot names it
    assertErrors(SpecValidator.validate(parse("""
        title: t
        provider: fal
        model: kling-v2.5-turbo
        fallback_providers: [wavespeed]
        budget_usd: 20
        shots:
          - { id: gulls, prompt: p, start_frame: {prompt: x} }
          - { id: boat, model: kling-v3, prompt: p, duration: 12, start_frame: {prompt: x} }
        """), false),
        "fallback_providers[0]|boat|wavespeed cannot stand in: it has no kling-v3 in tier pro");
  }

  @Test
  void theEstimatePricesEachShotOnItsModel() {
    CostEstimator.CostEstimate estimate = CostEstimator.estimate(parse(MIXED), RateCard.defaults());
    // fal flux keyframes at 1280×720: one started megapixel, $0.025 each
    BigDecimal keyframe = new BigDecimal("0.025");
    // boat: keyframe + 12 s of Kling 3.0 pro with voice control ($0.392/s: a line in mara's voice)
    BigDecimal boat = keyframe.add(new BigDecimal("0.392").multiply(BigDecimal.valueOf(12)));
    // gulls: two keyframes + a 5 s Kling 2.5 Turbo pro clip ($0.35)
    BigDecimal gulls = keyframe.multiply(BigDecimal.valueOf(2)).add(new BigDecimal("0.35"));
    assertEquals(0, boat.compareTo(estimate.perShotUsd().get("boat")), estimate.toString());
    assertEquals(0, gulls.compareTo(estimate.perShotUsd().get("gulls")), estimate.toString());
    List<CostEstimator.Line> lines = estimate.lines();
    assertEquals(List.of("boat", "gulls", "character:mara"), lines.stream().map(CostEstimator.Line::id).toList());
    assertEquals("kling-v3", lines.get(0).model());
    assertEquals(12, lines.get(0).seconds());
    assertEquals(0, boat.divide(BigDecimal.valueOf(12), 4, java.math.RoundingMode.HALF_UP)
        .compareTo(lines.get(0).usdPerSecond()));
    assertEquals("kling-v2.5-turbo", lines.get(1).model());
    assertEquals(0, new BigDecimal("0.08").compareTo(lines.get(1).usdPerSecond()), "$0.40 over 5 s");
    assertEquals(0, keyframe.compareTo(lines.get(2).usd()), "mara's generated reference");
    assertNull(lines.get(2).usdPerSecond());
    assertEquals(0, boat.add(gulls).add(keyframe).compareTo(estimate.totalUsd()));
  }

  @Test
  void theSnapshotHoldsEveryModelTheStoryboardUses() {
    StoryboardSpec spec = parse(MIXED);
    ProviderCapabilities snapshot = ProviderCapabilities.snapshot(List.of("fal"), spec.models(), spec.tier());
    assertTrue(snapshot.find("fal", "kling-v3", "pro").isPresent());
    assertTrue(snapshot.find("fal", "kling-v2.5-turbo", "pro").isPresent());
    assertEquals(2, snapshot.video().size());
    // the workflow's allowance at the snapshot is the submission's estimate
    for (ShotSpec shot : spec.shots()) {
      assertEquals(0, CostEstimator.estimateShot(spec, shot, RateCard.defaults(), snapshot)
          .compareTo(CostEstimator.estimate(spec, RateCard.defaults()).perShotUsd().get(shot.id())), shot.id());
    }
  }
}
