package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activity.CatalogActivities.ReviewRecord;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.review.PendingReview;
import io.shotflow.review.Subjects;
import io.shotflow.review.Verdict;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.ShotStatus;
import io.shotflow.shot.Take;
import io.shotflow.storyboard.StoryboardState;
import io.temporal.client.WorkflowUpdateException;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReviewTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  private static final String TWO_VARIANTS = """
      title: Reject me
      review: {keyframes: auto, clips: required}
      shots:
        - id: hero
          prompt: Walks toward camera
          variants: 2
          start_frame: {prompt: A hero in a red coat}
      """;

  @Test
  void rejectRegeneratesEveryVariantWithTheRevisedPrompt() {
    h.start("rj", TWO_VARIANTS);
    String clip = Subjects.clip("hero");
    PendingReview first = h.awaitPending("rj", "hero", clip);
    assertEquals(List.of("clip-a1-v1", "clip-a1-v2"), first.takes());

    ShotStatus afterReject = h.review("rj", "hero", clip, null, Verdict.REJECT, "Runs toward camera, rain");
    // the update answers once the shot acted on it: the new round is under way or already waiting
    assertTrue(afterReject.pendingReviews().stream().noneMatch(p -> p.takes().equals(first.takes())), afterReject.toString());

    PendingReview second = h.awaitPending("rj", "hero", clip);
    assertEquals(List.of("clip-a2-v1", "clip-a2-v2"), second.takes());
    h.review("rj", "hero", clip, "clip-a2-v2", Verdict.APPROVE, null);
    assertEquals(StoryboardState.COMPLETED, h.result("rj").state());

    List<GenerationRequest> clips = h.providers.requests("hero", GenerationKind.CLIP);
    assertEquals(4, clips.size());
    assertEquals(List.of("Walks toward camera", "Walks toward camera", "Runs toward camera, rain", "Runs toward camera, rain"),
        clips.stream().map(GenerationRequest::prompt).toList());
    assertEquals(List.of("rj/hero/clip:hero/a2/v1", "rj/hero/clip:hero/a2/v2"),
        clips.subList(2, 4).stream().map(GenerationRequest::idempotencyKey).sorted().toList());
    // the keyframe was not regenerated: its gate is auto
    assertEquals(1, h.providers.requests("hero", GenerationKind.KEYFRAME).size());

    AssemblyRequest.Shot hero = h.media.assemblies.get(0).shots().get(0);
    List<String> approvedClips = hero.approvedTakes().stream().filter(t -> t.kind().equals("clip")).map(Take::id).toList();
    assertEquals(List.of("clip-a2-v2"), approvedClips);
    assertEquals(List.of(Verdict.REJECT, Verdict.APPROVE), hero.decisions().stream().map(d -> d.verdict()).toList());
    assertEquals("Runs toward camera, rain", hero.decisions().get(0).prompt());

    List<ReviewRecord> reviews = h.catalog.reviewsOf("hero");
    assertEquals(List.of(1, 2), reviews.stream().map(ReviewRecord::sequence).toList());
    assertTrue(reviews.stream().allMatch(ReviewRecord::applied));
    // every take was recorded, the rejected ones never approved
    List<Take> finalTakes = h.catalog.takes.stream().map(t -> t.take()).filter(t -> t.kind().equals("clip")).toList();
    assertTrue(finalTakes.stream().filter(t -> t.attempt() == 1).noneMatch(Take::approved));
    assertTrue(finalTakes.stream().anyMatch(t -> t.id().equals("clip-a2-v2") && t.approved()));
  }

  @Test
  void updateValidatorRefusesWhatIsNotUnderReview() {
    h.start("uv", TWO_VARIANTS);
    String clip = Subjects.clip("hero");
    h.awaitPending("uv", "hero", clip);

    assertRefused(() -> h.review("uv", "hero", Subjects.keyframe("hero", "start"), null, Verdict.APPROVE, null),
        "keyframe:hero:start is not awaiting review (awaiting: clip:hero)");
    assertRefused(() -> h.review("uv", "hero", "clip:other", null, Verdict.APPROVE, null), "clip:other is not awaiting review");
    assertRefused(() -> h.review("uv", "hero", clip, "clip-a9-v1", Verdict.APPROVE, null),
        "take clip-a9-v1 is not under review for clip:hero (takes: clip-a1-v1, clip-a1-v2)");
    assertRefused(() -> h.review("uv", "hero", clip, null, Verdict.APPROVE, null), "name the take to approve");
    assertRefused(() -> h.review("uv", "hero", clip, "clip-a1-v1", Verdict.SKIP, null), "answer approve or reject, not skip");
    assertRefused(() -> h.review("uv", "hero", null, null, Verdict.APPROVE, null), "needs a subject and a verdict");

    // nothing changed: still the same takes under review, no decision recorded
    ShotStatus status = h.shot("uv", "hero").status();
    assertEquals(ShotStage.CLIP_REVIEW, status.stage());
    assertEquals(List.of("clip-a1-v1", "clip-a1-v2"), status.pendingReviews().get(0).takes());
    assertEquals(List.of(), h.catalog.reviewsOf("hero"));

    h.review("uv", "hero", clip, "clip-a1-v1", Verdict.APPROVE, null);
    assertEquals(StoryboardState.COMPLETED, h.result("uv").state());
  }

  @Test
  void invalidSignalsAreRecordedAndIgnoredValidOnesApply() {
    h.start("sg", TWO_VARIANTS);
    String clip = Subjects.clip("hero");
    h.awaitPending("sg", "hero", clip);

    h.shot("sg", "hero").reviewSignal(Harness.decision(clip, "clip-a7-v1", Verdict.APPROVE, null));
    h.shot("sg", "hero").reviewSignal(Harness.decision("lip_sync:hero", null, Verdict.APPROVE, null));
    Harness.eventually(() -> h.catalog.reviewsOf("hero"), r -> r.size() == 2, "ignored signals recorded");
    assertTrue(h.catalog.reviewsOf("hero").stream().noneMatch(ReviewRecord::applied));
    assertEquals(ShotStage.CLIP_REVIEW, h.shot("sg", "hero").status().stage());

    h.shot("sg", "hero").reviewSignal(Harness.decision(clip, "clip-a1-v2", Verdict.APPROVE, null));
    assertEquals(StoryboardState.COMPLETED, h.result("sg").state());
    // catalog writes are concurrent activities: they may land in any order; the sequence numbers are the shot's order
    List<ReviewRecord> reviews = h.catalog.reviewsOf("hero").stream()
        .sorted(Comparator.comparingInt(ReviewRecord::sequence)).toList();
    assertEquals(List.of(1, 2, 3), reviews.stream().map(ReviewRecord::sequence).toList());
    assertFalse(reviews.get(1).applied());
    assertTrue(reviews.get(2).applied());
    assertEquals("clip-a1-v2", h.media.assemblies.get(0).shots().get(0).approvedTakes().stream()
        .filter(t -> t.kind().equals("clip")).findFirst().orElseThrow().id());
  }

  private static void assertRefused(Runnable review, String message) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, review::run);
    assertTrue(e.getCause().getMessage().contains(message), e.getCause().getMessage());
  }
}
