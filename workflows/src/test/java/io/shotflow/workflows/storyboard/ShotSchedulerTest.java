package io.shotflow.workflows.storyboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.media.AssetRef;
import io.shotflow.shot.ShotResult;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.Take;
import io.shotflow.spec.FrameSpec;
import io.shotflow.spec.ShotSpec;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.workflows.storyboard.ShotScheduler.EndUnstarted;
import io.shotflow.workflows.storyboard.ShotScheduler.Settlement;
import io.shotflow.workflows.storyboard.ShotScheduler.Start;
import io.shotflow.workflows.storyboard.ShotScheduler.Step;
import io.shotflow.workflows.storyboard.ShotScheduler.Waiting;
import io.temporal.failure.CanceledFailure;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShotSchedulerTest {

  private static final AssetRef FRAME_A = new AssetRef("a-last.png", "image/png");
  private static final AssetRef FRAME_B = new AssetRef("b-last.png", "image/png");

  static ShotSpec shot(String id, String startFrom, String endFrom) {
    FrameSpec start = startFrom == null ? new FrameSpec("a keyframe", null, null) : new FrameSpec(null, null, startFrom);
    FrameSpec end = endFrom == null ? null : new FrameSpec(null, null, endFrom);
    return new ShotSpec(id, "prompt " + id, null, 5, 1, start, end, null, null);
  }

  static ShotResult result(String id, ShotStage outcome, AssetRef lastFrame, String spend, List<Take> takes) {
    return new ShotResult(id, outcome, outcome == ShotStage.DONE ? new AssetRef(id + ".mp4", "video/mp4") : null,
        lastFrame, 5, takes, List.of(), spend == null ? null : new BigDecimal(spend));
  }

  private static List<String> started(List<Step> steps) {
    return steps.stream().filter(Start.class::isInstance).map(s -> ((Start) s).shot().id()).toList();
  }

  @Test
  void shotsWithoutSourcesStartAtOnceAndAContinuingShotStartsWithItsSourcesLastFrame() {
    ShotScheduler scheduler = new ShotScheduler("sb", List.of(shot("a", null, null), shot("b", "a", null),
        shot("c", null, null)));

    List<Step> first = scheduler.advance();
    assertEquals(List.of("a", "c"), started(first));
    Start a = (Start) first.get(0);
    assertEquals("storyboard-sb-shot-a", a.workflowId());
    assertTrue(a.continued(), "b continues from a, so a reports its last frame");
    assertFalse(((Start) first.get(1)).continued());
    assertEquals(List.of(new Waiting("b", List.of("a"))), scheduler.newlyWaiting());
    assertEquals(List.of(), scheduler.newlyWaiting(), "a waiting shot is reported once");
    assertEquals(List.of(), scheduler.advance(), "b waits for a's last frame");

    scheduler.frameReady("a", FRAME_A);

    List<Step> second = scheduler.advance();
    assertEquals(List.of(new Start(shot("b", "a", null), "storyboard-sb-shot-b", FRAME_A, null, false)), second);
    assertEquals(List.of("a", "b", "c"), scheduler.running());
    assertFalse(scheduler.allEnded());
  }

  @Test
  void aShotStartingAndEndingOnOtherShotsWaitsForBothFrames() {
    ShotScheduler scheduler = new ShotScheduler("sb", List.of(shot("a", null, null), shot("b", null, null),
        shot("c", "a", "b")));
    scheduler.advance();
    assertEquals(List.of(new Waiting("c", List.of("a", "b"))), scheduler.newlyWaiting());

    scheduler.frameReady("b", FRAME_B);
    assertEquals(List.of(), scheduler.advance());
    scheduler.frameReady("a", FRAME_A);

    Start c = (Start) scheduler.advance().get(0);
    assertEquals(FRAME_A, c.startFrom());
    assertEquals(FRAME_B, c.endFrom());
  }

  @Test
  void theSourcesOfAShotAreItsFromKeyframesOnce() {
    assertEquals(List.of(), ShotScheduler.sources(shot("a", null, null)));
    assertEquals(List.of("x"), ShotScheduler.sources(shot("a", "x", "x")));
    assertEquals(List.of("x", "y"), ShotScheduler.sources(shot("a", "x", "y")));
  }

  @Test
  void aShotContinuingFromOneThatEndedWithoutALastFrameIsSkippedAndSoAreItsOwnDependents() {
    ShotScheduler scheduler = new ShotScheduler("sb", List.of(shot("a", null, null), shot("b", "a", null),
        shot("c", "b", null)));
    scheduler.advance();
    scheduler.finished("a", result("a", ShotStage.FAILED, null, "0.20", List.of()), null);
    assertEquals(List.of("a"), scheduler.unsettled());

    Settlement settled = scheduler.settle("a");

    assertEquals(new Settlement(ShotStage.FAILED, new BigDecimal("0.20"), false), settled);
    assertEquals(List.of(), scheduler.unsettled());
    assertEquals(List.of(
        new EndUnstarted("b", ShotStage.SKIPPED, "skipped: continues from shot a, which ended failed"),
        new EndUnstarted("c", ShotStage.SKIPPED, "skipped: continues from shot b, which ended skipped")),
        scheduler.advance());
    assertTrue(scheduler.allEnded());
    assertEquals(List.of("b (skipped: continues from shot a, which ended failed)",
        "c (skipped: continues from shot b, which ended skipped)"), scheduler.skipped());
  }

  @Test
  void aResultsLastFrameLetsDependentsStartWhenNoFrameWasSignalledAndASignalledFrameStays() {
    AssetRef fromResult = new AssetRef("a-result.png", "image/png");
    ShotScheduler signalled = new ShotScheduler("sb", List.of(shot("a", null, null), shot("b", "a", null)));
    signalled.advance();
    signalled.frameReady("a", FRAME_A);
    signalled.finished("a", result("a", ShotStage.DONE, fromResult, "0.50", List.of()), null);
    signalled.settle("a");
    assertEquals(FRAME_A, ((Start) signalled.advance().get(0)).startFrom());

    ShotScheduler unsignalled = new ShotScheduler("sb", List.of(shot("a", null, null), shot("b", "a", null)));
    unsignalled.advance();
    unsignalled.finished("a", result("a", ShotStage.DONE, fromResult, "0.50", List.of()), null);
    unsignalled.settle("a");
    assertEquals(fromResult, ((Start) unsignalled.advance().get(0)).startFrom());
  }

  @Test
  void aShotThatEndsCancelledCancelsTheStoryboardOnce() {
    ShotScheduler scheduler = new ShotScheduler("sb", List.of(shot("a", null, null), shot("b", null, null),
        shot("c", null, null), shot("d", "a", null)));
    scheduler.advance();
    scheduler.finished("a", result("a", ShotStage.CANCELLED, null, "0.10", List.of()), null);

    assertTrue(scheduler.settle("a").cancelsStoryboard());
    assertTrue(scheduler.cancelling());
    assertEquals(List.of("b", "c"), scheduler.running(), "what the storyboard cancels");
    assertEquals(List.of(new EndUnstarted("d", ShotStage.CANCELLED, "not started: the storyboard was cancelled")),
        scheduler.advance());

    scheduler.finished("b", result("b", ShotStage.CANCELLED, null, "0.05", List.of()), null);
    assertFalse(scheduler.settle("b").cancelsStoryboard(), "the storyboard is cancelled once");
    scheduler.finished("c", null, new RuntimeException("child cancelled", new CanceledFailure("cancelled")));
    assertEquals(new Settlement(ShotStage.CANCELLED, BigDecimal.ZERO, false), scheduler.settle("c"));
    assertTrue(scheduler.allEnded());
  }

  @Test
  void aFailedChildIsThrownAlsoACancelTheStoryboardDidNotAskFor() {
    ShotScheduler scheduler = new ShotScheduler("sb", List.of(shot("a", null, null), shot("b", null, null)));
    scheduler.advance();
    RuntimeException failed = new IllegalStateException("child failed");
    RuntimeException cancelledAlone = new RuntimeException("child cancelled", new CanceledFailure("by hand"));
    scheduler.finished("a", null, failed);
    scheduler.finished("b", null, cancelledAlone);

    assertSame(failed, assertThrows(RuntimeException.class, () -> scheduler.settle("a")));
    assertSame(cancelledAlone, assertThrows(RuntimeException.class, () -> scheduler.settle("b")));
    assertFalse(scheduler.cancelling());
  }

  @Test
  void spendCountsEveryResultThatArrivedAndTheCutHoldsTheDoneShotsWithTheirApprovedTakes() {
    ShotScheduler scheduler = new ShotScheduler("sb", List.of(shot("a", null, null), shot("b", null, null),
        shot("c", null, null), shot("d", null, null)));
    scheduler.advance();
    Take approved = new Take("clip-a1-v1", "clip:a", "clip", new AssetRef("a1.mp4", "video/mp4"), "kling", "j1",
        new BigDecimal("0.49"), "p", true, 1);
    Take rejected = new Take("clip-a1-v2", "clip:a", "clip", new AssetRef("a2.mp4", "video/mp4"), "kling", "j2",
        new BigDecimal("0.49"), "p", false, 1);
    scheduler.finished("a", result("a", ShotStage.DONE, null, "0.98", List.of(approved, rejected)), null);
    scheduler.finished("b", result("b", ShotStage.FAILED, null, "0.10", List.of()), null);
    scheduler.finished("c", result("c", ShotStage.DONE, null, null, List.of()), null);

    assertEquals(new BigDecimal("1.08"), scheduler.spend(), "also what arrived before it was settled");
    scheduler.unsettled().forEach(scheduler::settle);

    List<AssemblyRequest.Shot> cut = scheduler.cut();
    assertEquals(List.of("a", "c"), cut.stream().map(AssemblyRequest.Shot::shotId).toList());
    assertEquals(List.of(approved), cut.get(0).approvedTakes());
    assertEquals(new AssetRef("a.mp4", "video/mp4"), cut.get(0).video());
    assertEquals("prompt a", cut.get(0).prompt());
    assertEquals(2, scheduler.done());
    assertEquals(List.of("d"), scheduler.running());
  }

  @Test
  void theShotsStateIsWhatTheSchedulerDecided() {
    ShotScheduler scheduler = new ShotScheduler("sb", List.of(shot("a", null, null), shot("b", "a", null)));
    scheduler.advance();
    ShotScheduler.ShotState a = scheduler.shots().iterator().next();
    ShotScheduler.ShotState b = scheduler.shots().stream().skip(1).findFirst().orElseThrow();
    assertTrue(a.running());
    assertFalse(b.started());
    assertNull(b.outcome());

    scheduler.finished("a", result("a", ShotStage.FAILED, null, null, List.of()), null);
    scheduler.settle("a");
    scheduler.advance();

    assertFalse(a.running());
    assertEquals(ShotStage.SKIPPED, b.outcome());
    assertEquals("skipped: continues from shot a, which ended failed", b.reason());
  }
}
