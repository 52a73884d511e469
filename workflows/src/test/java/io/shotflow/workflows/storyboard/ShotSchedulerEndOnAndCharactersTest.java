package io.shotflow.workflows.storyboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.media.AssetRef;
import io.shotflow.shot.CharacterReferences;
import io.shotflow.shot.ShotResult;
import io.shotflow.shot.ShotStage;
import io.shotflow.spec.CharacterSpec;
import io.shotflow.spec.FrameSpec;
import io.shotflow.spec.ShotSpec;
import io.shotflow.workflows.storyboard.ShotScheduler.EndUnstarted;
import io.shotflow.workflows.storyboard.ShotScheduler.Start;
import io.shotflow.workflows.storyboard.ShotScheduler.Step;
import io.shotflow.workflows.storyboard.ShotScheduler.Waiting;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code end_frame: { to: ... }} waits for the target's approved start keyframe; characters wait for their sheets. */
class ShotSchedulerEndOnAndCharactersTest {

  private static final AssetRef KEYFRAME_B = new AssetRef("b-start.png", "image/png");
  private static final AssetRef MARA_1 = new AssetRef("mara-1.png", "image/png");
  private static final AssetRef MARA_2 = new AssetRef("mara-2.png", "image/png");
  private static final CharacterSpec MARA = new CharacterSpec("mara", "Mara",
      List.of(new FrameSpec("Mara in yellow", null, null), new FrameSpec(null, "asset:m.png", null)), "en_AOT");

  private static ShotSpec endingOn(String id, String to, List<String> characters) {
    return new ShotSpec(id, "prompt " + id, null, 5, 1, new FrameSpec("start of " + id, null, null),
        to == null ? null : new FrameSpec(null, null, null, to), null, null, characters, null);
  }

  private static List<String> started(List<Step> steps) {
    return steps.stream().filter(Start.class::isInstance).map(s -> ((Start) s).shot().id()).toList();
  }

  private static ShotResult sheetDone(List<AssetRef> refs) {
    return new ShotResult("character:mara", ShotStage.DONE, null, null, 0, List.of(), List.of(), BigDecimal.ZERO,
        refs);
  }

  @Test
  void aShotEndingOnALaterShotStartsWhenThatShotsStartKeyframeIsApproved() {
    ShotScheduler scheduler = new ShotScheduler("sb", List.of(endingOn("a", "b", List.of()),
        endingOn("b", null, List.of())));

    List<Step> first = scheduler.advance();
    assertEquals(List.of("b"), started(first));
    Start b = (Start) first.get(0);
    assertTrue(b.endedOn(), "a ends on b's start keyframe, so b reports it");
    assertFalse(b.continued());
    assertEquals(List.of(new Waiting("a", List.of(), List.of("b"), List.of())), scheduler.newlyWaiting());

    scheduler.frameReady("b", new AssetRef("b-last.png", "image/png"));
    assertEquals(List.of(), scheduler.advance(), "b's last frame is not its start keyframe");

    scheduler.keyframeReady("b", KEYFRAME_B);
    List<Step> second = scheduler.advance();
    assertEquals(List.of("a"), started(second));
    Start a = (Start) second.get(0);
    assertEquals(KEYFRAME_B, a.endFrom(), "a's end frame is b's approved start keyframe");
    assertNull(a.startFrom());
    assertFalse(a.endedOn());
  }

  @Test
  void aShotEndingOnAShotThatEndedWithoutAKeyframeIsSkipped() {
    ShotScheduler scheduler = new ShotScheduler("sb", List.of(endingOn("a", "b", List.of()),
        endingOn("b", null, List.of())));
    scheduler.advance();
    scheduler.finished("b", new ShotResult("b", ShotStage.SKIPPED, null, null, 0, List.of(), List.of(), null), null);
    scheduler.settle("b");

    List<Step> steps = scheduler.advance();
    assertEquals(1, steps.size());
    EndUnstarted end = (EndUnstarted) steps.get(0);
    assertEquals("a", end.shotId());
    assertEquals(ShotStage.SKIPPED, end.outcome());
    assertTrue(end.reason().contains("ends on the start keyframe of shot b"), end.reason());
    assertTrue(scheduler.allEnded());
  }

  @Test
  void sheetsStartFirstAndAShotWithCharactersStartsWithTheirApprovedReferences() {
    ShotScheduler scheduler = new ShotScheduler("sb", List.of(endingOn("dock", null, List.of("mara")),
        endingOn("sea", null, List.of())), List.of(MARA));

    List<Step> first = scheduler.advance();
    assertEquals(List.of("character:mara", "sea"), started(first));
    Start sheet = (Start) first.get(0);
    assertEquals(MARA, sheet.sheet());
    assertEquals("storyboard-sb-shot-character:mara", sheet.workflowId());
    assertNull(((Start) first.get(1)).sheet());
    assertEquals(List.of(new Waiting("dock", List.of(), List.of(), List.of("mara"))), scheduler.newlyWaiting());
    assertEquals(List.of(), scheduler.advance());

    scheduler.finished("character:mara", sheetDone(List.of(MARA_1, MARA_2)), null);
    scheduler.settle("character:mara");
    List<Step> second = scheduler.advance();
    assertEquals(List.of("dock"), started(second));
    assertEquals(List.of(new CharacterReferences("mara", "Mara", List.of(MARA_1, MARA_2), "en_AOT")),
        ((Start) second.get(0)).characters());
    assertEquals(2, scheduler.shotCount(), "a sheet is not a shot of the cut");
  }

  @Test
  void aShotWhoseCharacterSheetWasSkippedIsSkippedAndSheetsAreNotCut() {
    ShotScheduler scheduler = new ShotScheduler("sb", List.of(endingOn("dock", null, List.of("mara"))),
        List.of(MARA));
    scheduler.advance();
    scheduler.finished("character:mara", new ShotResult("character:mara", ShotStage.SKIPPED, null, null, 0,
        List.of(), List.of(), BigDecimal.ZERO), null);
    scheduler.settle("character:mara");

    EndUnstarted end = (EndUnstarted) scheduler.advance().get(0);
    assertEquals("dock", end.shotId());
    assertTrue(end.reason().contains("shows character mara"), end.reason());
    assertEquals(List.of(), scheduler.cut());
    assertEquals(0, scheduler.done());
  }

  @Test
  void theWaitingDetailNamesEveryKindOfWait() {
    assertEquals("waiting for the last frame of a, the start keyframe of c and the references of mara",
        StoryboardPublisher.waitingFor(new Waiting("x", List.of("a"), List.of("c"), List.of("mara"))));
  }
}
