package io.shotflow.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shotflow.provider.RateCard;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostEstimatorTest {

  private final StoryboardSpecParser parser = new StoryboardSpecParser();

  @Test
  void sumsKeyframesClipsExtendsAndLipSyncPerShot() {
    StoryboardSpec spec = parser.parse("""
        title: t
        provider: kling
        tier: pro
        budget_usd: 100
        shots:
          - id: reveal
            prompt: p
            variants: 2
            start_frame: {prompt: a}
            end_frame: {prompt: b}
            extend: [{prompt: c}]
            dialogue: {audio: "asset:l.wav"}
          - id: closeup
            prompt: q
            duration: 10
            start_frame: {from: reveal}
            dialogue: {audio: "asset:l.wav", lip_sync: {provider: sync}}
        """, true);

    CostEstimator.CostEstimate estimate = CostEstimator.estimate(spec);

    // reveal: 2 keyframes × 0.014 + 2 clips × 0.49 + 1 extend × 2 variants × 0.49 + kling lip-sync of 10 s (2 × 0.07)
    BigDecimal reveal = new BigDecimal("0.028").add(new BigDecimal("0.98")).add(new BigDecimal("0.98")).add(new BigDecimal("0.14"));
    // closeup: no keyframe to generate, 1 clip of 10 s at 0.98, sync lip-sync 10 s × 0.05
    BigDecimal closeup = new BigDecimal("0.98").add(new BigDecimal("0.50"));
    assertEquals(List.of("reveal", "closeup"), List.copyOf(estimate.perShotUsd().keySet()));
    assertEquals(0, reveal.compareTo(estimate.perShotUsd().get("reveal")), estimate.toString());
    assertEquals(0, closeup.compareTo(estimate.perShotUsd().get("closeup")), estimate.toString());
    assertEquals(0, reveal.add(closeup).compareTo(estimate.totalUsd()));
    assertEquals(0, new BigDecimal("3.608").compareTo(estimate.totalUsd()));
  }

  @Test
  void estimatesAtTheGivenRateCard() {
    StoryboardSpec spec = parser.parse("""
        title: t
        provider: fal
        budget_usd: 10
        shots: [{id: a, prompt: p, variants: 2, start_frame: {prompt: a}, dialogue: {audio: "asset:l.wav"}}]
        """, true);
    RateCard card = RateCard.defaults()
        .with("fal", "keyframe", new BigDecimal("0.03"))
        .with("fal", "clip-pro-5s", new BigDecimal("0.40"))
        .with("fal", "lip-sync-unit", new BigDecimal("0.10"));
    // one keyframe, two clips, one 5 s lip-sync unit
    assertEquals(0, new BigDecimal("0.93").compareTo(CostEstimator.estimate(spec, card).totalUsd()));
    assertEquals(0, new BigDecimal("1.075").compareTo(CostEstimator.estimate(spec).totalUsd()));
  }

  @Test
  void falKeyframesAreEstimatedPerStartedMegapixelOfTheFrame() {
    StoryboardSpec spec = parser.parse("""
        title: t
        provider: fal
        tier: pro
        resolution: 1080p
        budget_usd: 10
        shots: [{id: a, prompt: p, start_frame: {prompt: a}, end_frame: {prompt: b}}]
        """, true);
    // 1920 × 1080 is 2.07 MP: three started megapixels at $0.025 per keyframe, and one pro clip
    assertEquals(0, new BigDecimal("0.64").compareTo(CostEstimator.estimate(spec).totalUsd()));
  }

  @Test
  void textLipSyncIsPricedLikeAudioAndKling16ExtensionsPerStep() {
    StoryboardSpec spec = parser.parse("""
        title: t
        provider: kling
        model: kling-v1.6
        tier: standard
        budget_usd: 10
        shots:
          - {id: a, prompt: p, start_frame: {image: "asset:a.png"}, extend: [{prompt: b}],
             dialogue: {text: "Hello there.", voice_id: en_AOT}}
        """, true);
    // 1 clip 0.28 + 1 extension (2 units) 0.28 + lip-sync of 10 s: 2 × 0.07
    assertEquals(0, new BigDecimal("0.70").compareTo(CostEstimator.estimate(spec).totalUsd()));
  }

  @Test
  void localCostsNothing() {
    StoryboardSpec spec = parser.parse("""
        title: t
        shots: [{id: a, prompt: p, variants: 4, start_frame: {prompt: a}, extend: [{prompt: b}, {prompt: c}],
                 dialogue: {audio: "asset:l.wav"}}]
        """, true);
    assertEquals(Map.of("a", BigDecimal.ZERO), Map.of("a", CostEstimator.estimate(spec).perShotUsd().get("a").stripTrailingZeros()));
  }
}
