package io.shotflow.workflows.shot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.provider.RateCard;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.ShotStatus;
import io.shotflow.shot.Take;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShotStatusPublisherTest {

  private static final long NOW = 1_767_261_600_000L;

  /** Records what the publisher sends out. */
  private static final class RecordingEffects implements ShotStatusPublisher.Effects {
    final List<String> details = new ArrayList<>();
    final List<String> stages = new ArrayList<>();
    final List<ShotStageRecord> records = new ArrayList<>();

    @Override
    public void currentDetails(String markdown) {
      details.add(markdown);
    }

    @Override
    public void stageChanged(ShotStage stage, boolean awaitingReview, String detail) {
      stages.add(stage.value() + (awaitingReview ? " (review)" : ""));
    }

    @Override
    public void recordStage(ShotStageRecord record) {
      records.add(record);
    }
  }

  private final ShotTakes takes = new ShotTakes();
  private final ReviewGates gates = new ReviewGates("sb", "a", Fixtures.review("required", "required", "pause"));
  private final ShotBudget budget = new ShotBudget(BigDecimal.ZERO, RateCard.defaults(), Fixtures.CAPABILITIES);
  private final RecordingEffects effects = new RecordingEffects();
  private final ShotStatusPublisher status = new ShotStatusPublisher("sb", "a", takes, gates, budget, effects);

  private static Take take(String id, boolean approved) {
    return new Take(id, "clip:a", "clip", Fixtures.video(id), "kling", "job", new BigDecimal("0.49"), "p", approved, 1);
  }

  @Test
  void theStageFollowsTheStepAndShowsItsReviewWhileOneWaits() {
    assertEquals(ShotStage.KEYFRAMES, status.currentStage());
    gates.open(gates.takeReview("keyframe:a:start", List.of("kf-start-a1"), NOW));
    assertEquals(ShotStage.KEYFRAME_REVIEW, status.currentStage());
    gates.close("keyframe:a:start");

    status.enter(PipelineStep.CLIP);
    assertEquals(ShotStage.CLIP, status.currentStage());
    status.enter(PipelineStep.EXTEND);
    gates.open(gates.takeReview("extend:a:1", List.of("ext1-a1-v1"), NOW));
    assertEquals(ShotStage.EXTEND_REVIEW, status.currentStage());
    gates.close("extend:a:1");
    status.enter(PipelineStep.LIP_SYNC);
    gates.open(gates.takeReview("lip_sync:a", List.of("lipsync-a1"), NOW));
    assertEquals(ShotStage.LIP_SYNC_REVIEW, status.currentStage());
  }

  @Test
  void aSpendRequestOutranksADecisionWhichOutranksAPause() {
    status.enter(PipelineStep.CLIP);
    gates.open(gates.takeReview("keyframe:a:start", List.of("kf-start-a1"), NOW));
    gates.atDeadline("keyframe:a:start");
    assertEquals(ShotStage.PAUSED, status.currentStage());

    gates.open(gates.decisionAfter("clip:a", "JOB_FAILED: x", NOW));
    assertEquals(ShotStage.AWAITING_DECISION, status.currentStage());

    budget.reserve(new BigDecimal("0.49"));
    assertEquals(ShotStage.AWAITING_BUDGET, status.currentStage());
  }

  @Test
  void anEndedShotShowsItsOutcome() {
    status.enter(PipelineStep.CLIP);

    status.finish(ShotStage.SKIPPED, "skipped by ana");

    assertEquals(ShotStage.SKIPPED, status.currentStage());
    assertEquals(List.of("skipped"), effects.stages);
    assertEquals("skipped by ana", effects.records.get(0).detail());
  }

  @Test
  void searchAttributesChangeWithTheStageOrTheReviewFlagOnly() {
    status.publish("starting");
    status.publish("generating keyframe:a:start (attempt 1)");
    gates.open(gates.decisionAfter("keyframe:a:start", "JOB_FAILED: x", NOW));
    status.publish("awaiting a decision");
    gates.close("keyframe:a:start");
    gates.open(gates.takeReview("keyframe:a:start", List.of("kf-start-a2"), NOW));
    status.publish("awaiting review");
    status.publish("awaiting review, still");

    assertEquals(List.of("keyframes", "awaiting_decision (review)", "keyframe_review (review)"), effects.stages);
    assertEquals(5, effects.details.size(), "current details on every publish");
  }

  @Test
  void theCatalogGetsAStageRecordOnlyWhenSomethingItHoldsChanged() {
    status.publish();
    status.publish();
    status.publish("generating keyframe:a:start (attempt 1)");
    status.publish();
    spend(take("kf-start-a1", true));
    status.publish();

    assertEquals(List.of("starting", "generating keyframe:a:start (attempt 1)", "generating keyframe:a:start (attempt 1)"),
        effects.records.stream().map(ShotStageRecord::detail).toList());
    assertEquals(new ShotStageRecord("sb", "a", ShotStage.KEYFRAMES, new BigDecimal("0.49"),
        "generating keyframe:a:start (attempt 1)", List.of()), effects.records.get(2));
  }

  @Test
  void theDetailsAreAOneRowTableTheDetailAndWhatAwaitsAReviewer() {
    takes.add(take("clip-a1-v1", false));
    takes.add(take("clip-a1-v2", false));
    takes.approve("clip-a1-v2");
    spend(take("clip-a1-v1", false));
    spend(take("clip-a1-v2", false));
    status.enter(PipelineStep.CLIP);
    gates.open(gates.takeReview("clip:a", List.of("clip-a2-v1", "clip-a2-v2"), NOW));
    gates.open(gates.decisionAfter("keyframe:a:end", "JOB_FAILED: x", NOW));

    assertEquals("""
        | shot | stage | takes | approved | spend |
        |---|---|---|---|---|
        | a | clip_review | 2 | 1 | $0.98 |

        awaiting review of clip:a

        Awaiting: clip:a (clip-a2-v1, clip-a2-v2); keyframe:a:end (decision)""",
        details("awaiting review of clip:a", ShotStage.CLIP_REVIEW));
  }

  private String details(String detail, ShotStage stage) {
    status.publish(detail);
    return status.details(stage);
  }

  @Test
  void theStatusQueryShowsTheStageLastPublished() {
    assertNull(status.snapshot().stage(), "nothing published yet");
    status.publish();
    status.enter(PipelineStep.CLIP);
    takes.add(take("clip-a1-v1", false));

    ShotStatus snapshot = status.snapshot();

    assertEquals(ShotStage.KEYFRAMES, snapshot.stage());
    assertEquals(List.of("clip-a1-v1"), snapshot.takes().stream().map(Take::id).toList());
    assertEquals("starting", snapshot.detail());
  }

  /** The budget as the take loop leaves it after a job: reconciled with the take's cost. */
  private void spend(Take take) {
    budget.reconcile(BigDecimal.ZERO, take.costUsd());
  }
}
