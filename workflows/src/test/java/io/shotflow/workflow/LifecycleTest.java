package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.activity.CatalogActivities.StoryboardRecord;
import io.shotflow.review.Subjects;
import io.shotflow.shot.ShotStage;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.temporal.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LifecycleTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void cancellingTheStoryboardRecordsCancelledAndCancelsItsShots() {
    h.start("cx", """
        title: Cancel me
        review: {keyframes: required}
        shots:
          - {id: a, prompt: p, start_frame: {prompt: k}}
          - {id: b, prompt: q, start_frame: {prompt: l}}
        """);
    h.awaitPending("cx", "a", Subjects.keyframe("a", "start"));
    h.awaitPending("cx", "b", Subjects.keyframe("b", "start"));

    h.client.newUntypedWorkflowStub(WorkflowIds.storyboard("cx")).cancel();

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> h.result("cx"));
    assertInstanceOf(CanceledFailure.class, e.getCause());
    assertEquals(StoryboardState.CANCELLED, lastStoryboardRecord().state());
    for (String shot : List.of("a", "b")) {
      Harness.eventually(() -> h.client.newUntypedWorkflowStub(WorkflowIds.shot("cx", shot)).describe().getStatus(),
          s -> s == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED, "shot " + shot + " cancelled");
      Harness.eventually(() -> lastStage(shot), s -> s == ShotStage.CANCELLED, "shot " + shot + " recorded cancelled");
    }
    assertEquals(List.of(), h.media.assemblies);
  }

  @Test
  void anUnexpectedFailureRecordsFailedAndFailsTheStoryboard() {
    h.media.failJoins = true;
    h.start("fx", """
        title: Broken media
        review: {keyframes: auto, clips: auto}
        shots: [{id: a, prompt: p, start_frame: {prompt: k}, extend: [{prompt: more}]}]
        """);

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> h.result("fx"));

    assertInstanceOf(ChildWorkflowFailure.class, e.getCause());
    StoryboardRecord failed = lastStoryboardRecord();
    assertEquals(StoryboardState.FAILED, failed.state());
    assertTrue(failed.detail().startsWith("failed: MediaDecodeError: cannot decode clip"), failed.detail());
    assertEquals(ShotStage.FAILED, lastStage("a"));
    String shotDetail = h.catalog.stages.get(h.catalog.stages.size() - 1).detail();
    assertTrue(shotDetail.startsWith("failed: MediaDecodeError: cannot decode clip"), shotDetail);
    assertEquals(StoryboardState.FAILED, h.storyboard("fx").status().state());
  }

  @Test
  void aCancelThatComesWhileTheFailureIsBeingWrittenIsRecordedAfterIt() {
    LateCancelScenario.runFailing(h);

    List<StoryboardState> states = h.catalog.storyboards.stream().map(StoryboardRecord::state).toList();
    assertEquals(List.of(StoryboardState.RUNNING, StoryboardState.FAILED, StoryboardState.CANCELLED), states);
    assertEquals("cancelled", lastStoryboardRecord().detail());
  }

  private StoryboardRecord lastStoryboardRecord() {
    return h.catalog.storyboards.get(h.catalog.storyboards.size() - 1);
  }

  private ShotStage lastStage(String shot) {
    List<ShotStageRecord> stages = h.catalog.stages.stream().filter(s -> s.shotId().equals(shot)).toList();
    return stages.get(stages.size() - 1).stage();
  }
}
