package io.shotflow.review;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A review as it arrives through the API (an update) or the Temporal UI (a signal with the same payload).
 * {@code take} picks the approved take; {@code prompt} is a revised prompt for the regeneration after a reject.
 * {@code reviewer} is the authenticated name; {@code decidedAt} is ISO-8601 from the caller's clock. {@code policy}
 * names the rule that decided when no human did ({@link #CLI_AUTO_APPROVE}, {@link #ON_DEADLINE_AUTO_APPROVE}); null
 * for a person's decision.
 */
public record ReviewDecision(
    String subject, String take, Verdict verdict, String note, String prompt, String reviewer, String decidedAt,
    String policy) {

  /** The policy of an approval by {@code ./shotflow run --auto-approve}, the one a client may send. */
  public static final String CLI_AUTO_APPROVE = "--auto-approve";
  /** The policy of an approval by the review deadline. */
  public static final String ON_DEADLINE_AUTO_APPROVE = "review.on_deadline: auto_approve";

  /** The canonical constructor is the one payloads are read with. */
  @JsonCreator
  public ReviewDecision {}

  /** A person's decision. */
  public ReviewDecision(String subject, String take, Verdict verdict, String note, String prompt, String reviewer,
      String decidedAt) {
    this(subject, take, verdict, note, prompt, reviewer, decidedAt, null);
  }
}
