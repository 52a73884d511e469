package io.shotflow.workflows.shot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activity.CatalogActivities.ReviewRecord;
import io.shotflow.review.PendingReview;
import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Verdict;
import io.shotflow.spec.DeadlinePolicy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReviewGatesTest {

  private static final long NOW = Instant.parse("2026-01-01T10:00:00Z").toEpochMilli();

  private static ReviewGates gates(String onDeadline) {
    return new ReviewGates("sb", "a", Fixtures.review("required", "required", onDeadline));
  }

  private static ReviewDecision decision(String subject, String take, Verdict verdict) {
    return new ReviewDecision(subject, take, verdict, null, null, "ana", "2026-01-01T10:05:00Z");
  }

  @Test
  void aReviewOpensNowAndIsDueAfterThePolicysDeadline() {
    ReviewGates gates = gates("pause");

    assertEquals(new PendingReview("clip:a", List.of("clip-a1-v1"), "2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z", null),
        gates.takeReview("clip:a", List.of("clip-a1-v1"), NOW));
    assertEquals(new PendingReview("clip:a", List.of(), "2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z", "JOB_FAILED: x"),
        gates.decisionAfter("clip:a", "JOB_FAILED: x", NOW));
  }

  @Test
  void openingAReviewSaysWhatItAwaits() {
    ReviewGates gates = gates("pause");

    assertEquals("awaiting review of clip:a", gates.open(gates.takeReview("clip:a", List.of("clip-a1-v1"), NOW)));
    assertEquals("awaiting a decision on keyframe:a:start after JOB_FAILED: x",
        gates.open(gates.decisionAfter("keyframe:a:start", "JOB_FAILED: x", NOW)));
    assertTrue(gates.awaitingDecision());
    assertEquals(2, gates.pending().size());
  }

  @Test
  void anAcceptedReviewIsTheAnswerUntilTheShotClosesIt() {
    ReviewGates gates = gates("pause");
    gates.open(gates.takeReview("clip:a", List.of("clip-a1-v1", "clip-a1-v2"), NOW));
    ReviewDecision approve = decision("clip:a", "clip-a1-v2", Verdict.APPROVE);

    assertEquals(new ReviewRecord("sb", "a", 1, approve, true), gates.accept(approve));
    assertTrue(gates.hasAnswer("clip:a"));
    assertEquals("clip:a is not awaiting review", gates.problemWith(approve), "answered already");

    assertEquals(approve, gates.close("clip:a"));
    assertFalse(gates.hasAnswer("clip:a"));
    assertTrue(gates.pending().isEmpty());
    assertEquals(List.of(approve), gates.decisions());
  }

  @Test
  void reviewsThatCannotBeAppliedAreNumberedWithTheOthers() {
    ReviewGates gates = gates("pause");
    ReviewDecision stray = decision("clip:zz", null, Verdict.APPROVE);

    assertEquals(new ReviewRecord("sb", "a", 1, stray, false), gates.ignore(stray));
    gates.open(gates.takeReview("clip:a", List.of("clip-a1-v1"), NOW));
    assertEquals(2, gates.accept(decision("clip:a", null, Verdict.APPROVE)).sequence());
    assertEquals(1, gates.decisions().size(), "an ignored review is no decision");
  }

  @Test
  void aTakeReviewTakesApproveOrRejectOfATakeUnderReview() {
    ReviewGates gates = gates("pause");
    gates.open(gates.takeReview("clip:a", List.of("clip-a1-v1", "clip-a1-v2"), NOW));
    gates.open(gates.takeReview("keyframe:a:start", List.of("kf-start-a1"), NOW));

    assertEquals("a review needs a subject and a verdict", gates.problemWith(decision("clip:a", null, null)));
    assertEquals("a review needs a subject and a verdict", gates.problemWith(null));
    assertEquals("clip:b is not awaiting review (awaiting: clip:a, keyframe:a:start)",
        gates.problemWith(decision("clip:b", null, Verdict.APPROVE)));
    assertEquals("clip:a awaits a take review: answer approve or reject, not retry",
        gates.problemWith(decision("clip:a", null, Verdict.RETRY)));
    assertEquals("clip:a has 2 takes (clip-a1-v1, clip-a1-v2); name the take to approve",
        gates.problemWith(decision("clip:a", null, Verdict.APPROVE)));
    assertEquals("take clip-a9-v1 is not under review for clip:a (takes: clip-a1-v1, clip-a1-v2)",
        gates.problemWith(decision("clip:a", "clip-a9-v1", Verdict.APPROVE)));
    assertNull(gates.problemWith(decision("clip:a", null, Verdict.REJECT)), "a reject names no take");
    assertNull(gates.problemWith(decision("clip:a", "clip-a1-v2", Verdict.APPROVE)));
    assertNull(gates.problemWith(decision("keyframe:a:start", null, Verdict.APPROVE)), "its only take");
  }

  @Test
  void aDecisionAfterAFailureTakesRetryRejectOrSkipWithoutATake() {
    ReviewGates gates = gates("pause");
    gates.open(gates.decisionAfter("clip:a", "CONTENT_POLICY: refused", NOW));

    assertEquals("clip:a awaits a decision after CONTENT_POLICY: refused: answer retry, reject (with a revised prompt) or skip",
        gates.problemWith(decision("clip:a", null, Verdict.APPROVE)));
    assertEquals("clip:a has no takes to pick after a failure; leave take empty",
        gates.problemWith(decision("clip:a", "clip-a1-v1", Verdict.RETRY)));
    assertNull(gates.problemWith(decision("clip:a", null, Verdict.SKIP)));
    assertNull(gates.problemWith(decision("clip:a", null, Verdict.RETRY)));
  }

  @Test
  void anInapplicableReviewIsRefusedWithItsProblem() {
    ReviewGates gates = gates("pause");

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> gates.requireApplicable(decision("clip:a", null, Verdict.APPROVE)));
    assertEquals("clip:a is not awaiting review", refused.getMessage());
  }

  @Test
  void onDeadlineCancelEndsTheShot() {
    ReviewGates gates = gates("cancel");
    gates.open(gates.takeReview("clip:a", List.of("clip-a1-v1"), NOW));

    assertEquals(DeadlinePolicy.CANCEL, gates.atDeadline("clip:a"));
    assertFalse(gates.anyPaused());
  }

  @Test
  void onDeadlineAutoApproveApprovesTheFirstTakeByTheDeadline() {
    ReviewGates gates = gates("auto_approve");
    gates.open(gates.takeReview("clip:a", List.of("clip-a1-v1", "clip-a1-v2"), NOW));

    assertEquals(DeadlinePolicy.AUTO_APPROVE, gates.atDeadline("clip:a"));
    assertEquals(new ReviewDecision("clip:a", "clip-a1-v1", Verdict.APPROVE,
            "review deadline passed (on_deadline: auto_approve)", null, "deadline", "2026-01-01T11:00:00Z",
            ReviewDecision.ON_DEADLINE_AUTO_APPROVE),
        gates.deadlineApproval("clip:a", NOW + 3_600_000));
  }

  @Test
  void autoApproveHasNoTakeToApproveAfterAFailureAndPauses() {
    ReviewGates gates = gates("auto_approve");
    gates.open(gates.decisionAfter("clip:a", "JOB_FAILED: x", NOW));

    assertEquals(DeadlinePolicy.PAUSE, gates.atDeadline("clip:a"));
    assertTrue(gates.anyPaused());
  }

  @Test
  void onDeadlinePausePausesTheSubjectUntilAHumanAnswers() {
    ReviewGates gates = gates("pause");
    gates.open(gates.takeReview("clip:a", List.of("clip-a1-v1"), NOW));

    assertEquals(DeadlinePolicy.PAUSE, gates.atDeadline("clip:a"));
    assertTrue(gates.anyPaused());
    assertNull(gates.problemWith(decision("clip:a", null, Verdict.APPROVE)), "a paused review still takes an answer");
    gates.resume("clip:a");
    assertFalse(gates.anyPaused());
  }

  @Test
  void anEndedShotHasNothingOpen() {
    ReviewGates gates = gates("pause");
    gates.open(gates.takeReview("clip:a", List.of("clip-a1-v1"), NOW));
    gates.atDeadline("clip:a");

    gates.closeAll();

    assertTrue(gates.pending().isEmpty());
    assertFalse(gates.anyPaused());
  }

  @Test
  void theNextAttemptUsesTheReviewersRevisedPromptWhenItGaveOne() {
    ReviewDecision plain = decision("clip:a", null, Verdict.REJECT);
    ReviewDecision revised = new ReviewDecision("clip:a", null, Verdict.REJECT, null, "closer", "ana", null);
    ReviewDecision blank = new ReviewDecision("clip:a", null, Verdict.REJECT, null, "  ", "ana", null);

    assertEquals("before", ReviewGates.revised(plain, "before"));
    assertEquals("closer", ReviewGates.revised(revised, "before"));
    assertEquals("before", ReviewGates.revised(blank, "before"));
  }
}
