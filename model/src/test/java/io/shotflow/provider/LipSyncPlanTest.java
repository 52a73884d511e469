package io.shotflow.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.provider.LipSyncPlan.Audio;
import io.shotflow.provider.LipSyncPlan.Segment;
import io.shotflow.provider.LipSyncPlan.Shot;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LipSyncPlanTest {

  private static final LipSyncCapabilities KLING = ProviderCatalog.lipSync(ProviderCatalog.KLING).orElseThrow();
  private static final LipSyncCapabilities SYNC = ProviderCatalog.lipSync(ProviderCatalog.SYNC).orElseThrow();

  private static Shot audio(List<Integer> clips, double start, Double seconds) {
    return new Shot(clips, start, seconds, false, true);
  }

  @Test
  void aShotWithinTheVideoLimitsIsOneCallWithTheDialogueAsGiven() {
    LipSyncPlan plan = LipSyncPlan.of(audio(List.of(5, 5), 0, 8.0), List.of(KLING)).plan();

    assertEquals("kling", plan.provider());
    assertTrue(plan.whole());
    assertEquals(List.of(new Segment(0, 1, 0, 10, true, null)), plan.segments());
  }

  @Test
  void aFifteenSecondShotOnKlingIsSplitAtItsClipsAndOnlyTheSpeakingSegmentsAreLipSynced() {
    // 5 s clip + two 5 s extends; an 8 s line from the start reaches the second clip only
    LipSyncPlan plan = LipSyncPlan.of(audio(List.of(5, 5, 5), 0, 8.0), List.of(KLING)).plan();

    assertFalse(plan.whole());
    assertEquals(List.of(
        new Segment(0, 0, 0, 5, true, new Audio(0, 5)),
        new Segment(1, 1, 5, 5, true, new Audio(-5, 3)),
        new Segment(2, 2, 10, 5, false, null)), plan.segments());
    assertEquals(2, plan.speaking().size());
  }

  @Test
  void aPieceBelowTheAudioMinimumIsPaddedWithSilence() {
    // the line ends 1 s into the second clip: that piece is padded to Kling's 2 s minimum
    LipSyncPlan plan = LipSyncPlan.of(audio(List.of(10, 5), 0, 11.0), List.of(KLING)).plan();

    assertEquals(new Audio(0, 10), plan.segments().get(0).audio());
    assertEquals(new Audio(-10, 2), plan.segments().get(1).audio());
  }

  @Test
  void aLineThatStartsLaterSpeaksFromItsStartWithSilenceBefore() {
    // dialogue.start 6 s, 3 s long: only the second clip speaks, with 1 s of silence first
    LipSyncPlan plan = LipSyncPlan.of(audio(List.of(5, 5, 5), 6, 3.0), List.of(KLING)).plan();

    assertEquals(List.of(false, true, false), plan.segments().stream().map(Segment::speaks).toList());
    assertEquals(new Audio(1, 4), plan.segments().get(1).audio());
  }

  @Test
  void aWholeShotWithALaterStartSendsTheLineAfterThatMuchSilence() {
    LipSyncPlan plan = LipSyncPlan.of(audio(List.of(10), 2.5, 4.0), List.of(KLING)).plan();

    assertTrue(plan.whole());
    assertEquals(new Audio(2.5, 6.5), plan.segments().get(0).audio());
  }

  @Test
  void beforeTheFileIsReadEverySegmentMaySpeak() {
    LipSyncPlan plan = LipSyncPlan.of(audio(List.of(10, 10), 0, null), List.of(KLING)).plan();

    assertEquals(List.of(true, true), plan.segments().stream().map(Segment::speaks).toList());
    assertNull(plan.segments().get(0).audio());
  }

  @Test
  void aProviderThatTakesTheLengthGetsTheWholeShot() {
    LipSyncPlan plan = LipSyncPlan.of(audio(List.of(5, 5, 5), 0, 8.0), List.of(SYNC)).plan();

    assertEquals("sync", plan.provider());
    assertTrue(plan.whole());
    assertEquals(15, plan.segments().get(0).seconds());
  }

  @Test
  void aLineOfTextLongerThanTheLimitGoesToTheNextCandidateOrIsRefused() {
    Shot text = new Shot(List.of(5, 5, 5), 0, null, true, true);
    LipSyncPlan.Outcome refused = LipSyncPlan.of(text, List.of(KLING));

    assertFalse(refused.planned());
    assertTrue(refused.refusal().contains("kling takes 2–10 s of video and this shot is 15 s"), refused.refusal());
    assertTrue(refused.refusal().contains("a line of text cannot be split"), refused.refusal());
    LipSyncCapabilities local = ProviderCatalog.lipSync(ProviderCatalog.LOCAL).orElseThrow();
    assertEquals("local", LipSyncPlan.of(text, List.of(KLING, local)).plan().provider());
  }

  @Test
  void aNativelyExtendedVideoIsNotSplit() {
    LipSyncPlan.Outcome outcome = LipSyncPlan.of(new Shot(List.of(5, 5, 5), 0, 8.0, false, false), List.of(KLING));

    assertFalse(outcome.planned());
    assertTrue(outcome.refusal().contains("its extend steps make one video"), outcome.refusal());
  }

  @Test
  void aSegmentBelowTheVideoMinimumIsMergedWithANeighbourWithinTheMaximum() {
    LipSyncCapabilities minFour = new LipSyncCapabilities("p", "m", 2, 60, 5L * 1024 * 1024, 4, 10, Set.of("wav"),
        BigDecimal.ONE, 1, false);
    LipSyncPlan plan = LipSyncPlan.of(audio(List.of(3, 5, 5), 0, 12.0), List.of(minFour)).plan();

    assertEquals(List.of(new Segment(0, 1, 0, 8, true, new Audio(0, 8)),
        new Segment(2, 2, 8, 5, true, new Audio(-8, 4))), plan.segments());
  }

  @Test
  void aSegmentThatCannotBeMergedWithinTheLimitsRefusesThePlan() {
    LipSyncCapabilities minSix = new LipSyncCapabilities("p", "m", 2, 60, 5L * 1024 * 1024, 6, 10, Set.of("wav"),
        BigDecimal.ONE, 1, false);
    LipSyncPlan.Outcome outcome = LipSyncPlan.of(audio(List.of(5, 10, 10), 0, 12.0), List.of(minSix));

    assertFalse(outcome.planned());
    assertTrue(outcome.refusal().contains("a 5 s segment"), outcome.refusal());
  }

  @Test
  void aPieceAboveTheAudioSizeLimitRefusesThePlan() {
    LipSyncCapabilities small = new LipSyncCapabilities("p", "m", 2, 60, 100_000, 2, 10, Set.of("wav"),
        BigDecimal.ONE, 1, false);
    LipSyncPlan.Outcome outcome = LipSyncPlan.of(audio(List.of(5, 5, 5), 0, 15.0), List.of(small));

    assertFalse(outcome.planned());
    assertTrue(outcome.refusal().contains("480044 bytes, above the 100000 byte limit"), outcome.refusal());
  }
}
