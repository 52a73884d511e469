package io.shotflow.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Verdict;
import io.shotflow.spec.ReviewPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who decided: the decision's own policy, never the text of its note. */
class AuditTrailTest {

  private static AuditTrail.Decision only(ReviewDecision decision) {
    return AuditTrail.of(ReviewPolicy.DEFAULT, List.of(), List.of(new AuditTrail.Recorded("a", decision, true)))
        .decisions().get(0);
  }

  @Test
  void aDecisionWithAPolicyIsAutomaticAndKeepsTheTokenItArrivedWith() {
    AuditTrail.Decision cli = only(new ReviewDecision("clip:a", "clip-a1-v1", Verdict.APPROVE, "ok", null, "reviewer",
        "2026-01-01T00:00:00Z", ReviewDecision.CLI_AUTO_APPROVE));

    assertTrue(cli.automatic());
    assertEquals(AuditTrail.AUTO, cli.reviewer());
    assertEquals("--auto-approve", cli.policy());
    assertEquals("reviewer", cli.actor());
  }

  @Test
  void theDeadlinesApprovalIsAutomaticWithNoActor() {
    AuditTrail.Decision deadline = only(new ReviewDecision("clip:a", "clip-a1-v1", Verdict.APPROVE, "late", null,
        AuditTrail.DEADLINE_REVIEWER, "2026-01-01T00:00:00Z", ReviewDecision.ON_DEADLINE_AUTO_APPROVE));

    assertTrue(deadline.automatic());
    assertEquals("review.on_deadline: auto_approve", deadline.policy());
    assertNull(deadline.actor());
  }

  @Test
  void aPersonsDecisionWithTheClisNoteIsStillAPersons() {
    AuditTrail.Decision person = only(new ReviewDecision("clip:a", "clip-a1-v1", Verdict.APPROVE,
        AuditTrail.CLI_AUTO_APPROVE_NOTE, null, "ann", "2026-01-01T00:00:00Z"));

    assertFalse(person.automatic());
    assertEquals("ann", person.reviewer());
    assertNull(person.policy());
  }
}
