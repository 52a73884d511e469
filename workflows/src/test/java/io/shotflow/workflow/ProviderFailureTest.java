package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.ProviderError;
import io.shotflow.review.PendingReview;
import io.shotflow.review.Subjects;
import io.shotflow.review.Verdict;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.ShotStatus;
import io.shotflow.storyboard.StoryboardResult;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.storyboard.StoryboardStatus;
import io.temporal.client.WorkflowUpdateException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderFailureTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void transientFailuresAreRetriedByTemporalWithoutAskingAnyone() {
    h.providers.failing(FakeProviders.Phase.AWAIT, r -> r.kind() == GenerationKind.CLIP, ProviderError.TRANSIENT, 2);
    h.start("tr", """
        title: Flaky
        review: {keyframes: auto, clips: auto}
        shots: [{id: a, prompt: p, start_frame: {prompt: k}}]
        """);

    assertEquals(StoryboardState.COMPLETED, h.result("tr").state());

    List<GenerationRequest> clips = h.providers.requests("a", GenerationKind.CLIP);
    assertEquals(1, clips.size(), "submitted once: the retries poll the same job");
    String key = clips.get(0).idempotencyKey();
    assertEquals(3, h.providers.awaitAttempts.stream().filter(key::equals).count());
    assertTrue(h.catalog.stages.stream().noneMatch(s -> s.stage() == ShotStage.AWAITING_DECISION));
    assertEquals(List.of(), h.catalog.reviews);
  }

  @Test
  void contentPolicyWaitsForADecisionThenRetriesWithTheRevisedPrompt() {
    h.providers.failing(FakeProviders.Phase.SUBMIT,
        r -> r.kind() == GenerationKind.CLIP && r.prompt().contains("forbidden"), ProviderError.CONTENT_POLICY, 1);
    h.start("cp", """
        title: Moderated
        review: {keyframes: auto, clips: required}
        shots: [{id: a, prompt: a forbidden act, start_frame: {prompt: k}}]
        """);
    String clip = Subjects.clip("a");

    ShotStatus waiting = h.awaitShot("cp", "a", s -> s.stage() == ShotStage.AWAITING_DECISION);
    PendingReview decision = waiting.pendingReviews().get(0);
    assertEquals(clip, decision.subject());
    assertEquals(List.of(), decision.takes());
    assertTrue(decision.reason().startsWith("CONTENT_POLICY: content_policy for cp/a/clip:a/a1/v1"), decision.reason());
    WorkflowUpdateException refused = assertThrows(WorkflowUpdateException.class,
        () -> h.review("cp", "a", clip, null, Verdict.APPROVE, null));
    assertTrue(refused.getCause().getMessage().contains("answer retry, reject (with a revised prompt) or skip"));

    h.review("cp", "a", clip, null, Verdict.RETRY, "a permitted act");
    PendingReview review = h.awaitPending("cp", "a", clip);
    assertEquals(List.of("clip-a2-v1"), review.takes());
    h.review("cp", "a", clip, "clip-a2-v1", Verdict.APPROVE, null);

    assertEquals(StoryboardState.COMPLETED, h.result("cp").state());
    List<GenerationRequest> clips = h.providers.requests("a", GenerationKind.CLIP);
    assertEquals(List.of("a forbidden act", "a permitted act"), clips.stream().map(GenerationRequest::prompt).toList());
    assertEquals("cp/a/clip:a/a2/v1", clips.get(1).idempotencyKey());
    assertTrue(h.catalog.stages.stream().anyMatch(s -> s.stage() == ShotStage.AWAITING_DECISION));
  }

  @Test
  void skipLeavesTheShotAndItsContinuationsOutOfTheCut() {
    h.providers.failing(FakeProviders.Phase.AWAIT, r -> r.shotId().equals("a") && r.kind() == GenerationKind.CLIP,
        ProviderError.JOB_FAILED, 1);
    h.start("sk", """
        title: Skip
        review: {keyframes: auto, clips: auto}
        shots:
          - {id: a, prompt: p, start_frame: {prompt: k}}
          - {id: b, prompt: q, start_frame: {from: a}}
          - {id: c, prompt: r, duration: 10, start_frame: {prompt: m}}
        """);
    ShotStatus waiting = h.awaitShot("sk", "a", s -> s.stage() == ShotStage.AWAITING_DECISION);
    assertTrue(waiting.pendingReviews().get(0).reason().startsWith("JOB_FAILED: "));

    h.shot("sk", "a").reviewSignal(Harness.decision(Subjects.clip("a"), null, Verdict.SKIP, null));
    StoryboardResult result = h.result("sk");

    assertEquals(StoryboardState.COMPLETED, result.state());
    assertEquals(List.of("c"), h.media.assemblies.get(0).shots().stream().map(s -> s.shotId()).toList());
    assertEquals(10.0, result.outputs().durationSeconds());
    List<ShotStage> stages = h.storyboard("sk").status().shots().stream().map(StoryboardStatus.ShotEntry::stage).toList();
    assertEquals(List.of(ShotStage.SKIPPED, ShotStage.SKIPPED, ShotStage.DONE), stages);
    assertEquals(ShotStage.SKIPPED, h.shot("sk", "a").status().stage());
    assertTrue(h.shot("sk", "a").status().detail().startsWith("skipped by ana after JOB_FAILED"));
    assertEquals(List.of(), h.providers.requests("b", GenerationKind.CLIP));
    assertEquals("assembled 1 shot, 2 skipped: a; b (skipped: continues from shot a, which ended skipped)", result.detail());
    var bRecords = h.catalog.stages.stream().filter(s -> s.shotId().equals("b")).map(s -> s.stage()).toList();
    assertEquals(List.of(ShotStage.WAITING_FOR_CONTINUITY, ShotStage.SKIPPED), bRecords);
  }
}
