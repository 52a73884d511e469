package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Subjects;
import io.shotflow.review.Verdict;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.ShotStatus;
import io.shotflow.storyboard.StoryboardResult;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.temporal.SearchAttributes;
import io.shotflow.temporal.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void pauseKeepsWaitingPastTheDeadlineAndShowsPaused() {
    h.start("dp", """
        title: Pause
        review: {keyframes: required, clips: auto, deadline: PT1H, on_deadline: pause}
        shots: [{id: a, prompt: p, start_frame: {prompt: k}}]
        """);
    String subject = Subjects.keyframe("a", "start");
    h.awaitPending("dp", "a", subject);
    assertEquals(ShotStage.KEYFRAME_REVIEW, h.shot("dp", "a").status().stage());

    h.env.sleep(Duration.ofHours(2));
    ShotStatus paused = h.awaitShot("dp", "a", s -> s.stage() == ShotStage.PAUSED);
    assertEquals(subject, paused.pendingReviews().get(0).subject());
    assertTrue(paused.detail().contains("passed its deadline"), paused.detail());
    assertEquals("paused", h.client.newUntypedWorkflowStub(WorkflowIds.shot("dp", "a")).describe()
        .getTypedSearchAttributes().get(SearchAttributes.STAGE));

    h.env.sleep(Duration.ofDays(3));
    assertEquals(ShotStage.PAUSED, h.shot("dp", "a").status().stage());
    assertEquals(0, h.providers.requests("a", io.shotflow.provider.GenerationKind.CLIP).size());

    h.approve("dp", "a", subject);
    assertEquals(StoryboardState.COMPLETED, h.result("dp").state());
    assertTrue(h.catalog.stages.stream().anyMatch(s -> s.stage() == ShotStage.PAUSED));
  }

  @Test
  void autoApproveTakesTheFirstTakeWhenTheDeadlinePasses() {
    h.start("da", """
        title: Auto
        review: {keyframes: required, clips: required, deadline: PT1H, on_deadline: auto_approve}
        shots: [{id: a, prompt: p, variants: 2, start_frame: {prompt: k}}]
        """);

    StoryboardResult result = h.result("da");

    assertEquals(StoryboardState.COMPLETED, result.state());
    AssemblyRequest.Shot shot = h.media.assemblies.get(0).shots().get(0);
    assertEquals(List.of("kf-start-a1", "clip-a1-v1"), shot.approvedTakes().stream().map(t -> t.id()).toList());
    assertEquals(List.of("deadline", "deadline"), shot.decisions().stream().map(ReviewDecision::reviewer).toList());
    assertEquals(List.of(Verdict.APPROVE, Verdict.APPROVE), shot.decisions().stream().map(ReviewDecision::verdict).toList());
    assertEquals(2, h.catalog.reviewsOf("a").size());
    assertTrue(h.catalog.reviewsOf("a").stream().allMatch(r -> r.applied()));
  }

  @Test
  void cancelEndsTheShotAndCancelsTheStoryboardAndItsOtherShots() {
    h.start("dc", """
        title: Cancel
        review: {keyframes: required, clips: required, deadline: PT1H, on_deadline: cancel}
        shots:
          - {id: slow, prompt: p, start_frame: {prompt: k}}
          - {id: busy, prompt: q, start_frame: {prompt: l}}
          - {id: later, prompt: r, start_frame: {from: busy}}
        """);
    h.awaitPending("dc", "slow", Subjects.keyframe("slow", "start"));
    h.awaitPending("dc", "busy", Subjects.keyframe("busy", "start"));
    h.env.sleep(Duration.ofMinutes(30));
    // busy moves on, so its next review is due later than slow's
    h.approve("dc", "busy", Subjects.keyframe("busy", "start"));
    h.awaitPending("dc", "busy", Subjects.clip("busy"));

    StoryboardResult result = h.result("dc");

    assertEquals(StoryboardState.CANCELLED, result.state());
    assertNull(result.outputs());
    assertTrue(result.detail().contains("slow"), result.detail());
    assertEquals(List.of(), h.media.assemblies);
    assertEquals(ShotStage.CANCELLED, h.shot("dc", "slow").status().stage());
    assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
        h.client.newUntypedWorkflowStub(WorkflowIds.shot("dc", "busy")).describe().getStatus());
    assertEquals(ShotStage.CANCELLED, lastStage("busy"));
    assertEquals(ShotStage.CANCELLED, lastStage("slow"));
    var entries = h.storyboard("dc").status().shots();
    assertEquals(List.of(ShotStage.CANCELLED, ShotStage.CANCELLED, ShotStage.CANCELLED),
        entries.stream().map(e -> e.stage()).toList());
    var records = h.catalog.storyboards;
    assertEquals(StoryboardState.CANCELLED, records.get(records.size() - 1).state());
  }

  @Test
  void aCancelThatComesWithTheShotsOwnEndIsWhatTheCatalogRecordsLast() {
    LateCancelScenario.run(h);

    assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED, h.client.newUntypedWorkflowStub(
        WorkflowIds.shot(LateCancelScenario.ID, LateCancelScenario.SHOT)).describe().getStatus());
    var stages = stagesOf(LateCancelScenario.SHOT);
    assertEquals(List.of(ShotStage.CANCELLED, ShotStage.CANCELLED),
        stages.subList(stages.size() - 2, stages.size()).stream().map(s -> s.stage()).toList());
    assertTrue(stages.get(stages.size() - 2).detail().contains("passed its deadline"));
    assertEquals("cancelled", stages.get(stages.size() - 1).detail());
  }

  private List<ShotStageRecord> stagesOf(String shot) {
    return h.catalog.stages.stream().filter(s -> s.shotId().equals(shot)).toList();
  }

  private ShotStage lastStage(String shot) {
    var stages = stagesOf(shot);
    return stages.get(stages.size() - 1).stage();
  }
}
