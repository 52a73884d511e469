package io.shotflow.workflows.shot;

import io.shotflow.activity.CatalogActivities.ReviewRecord;
import io.shotflow.review.PendingReview;
import io.shotflow.audit.AuditTrail;
import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Verdict;
import io.shotflow.spec.DeadlinePolicy;
import io.shotflow.spec.ReviewPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The shot's reviews: what awaits a reviewer, the answers the shot has not acted on yet, the subjects paused past
 * their deadline, every accepted decision and the numbering of their records. It says why a review cannot be applied
 * now and what a passed deadline does under the storyboard's policy; the workflow does the waiting.
 */
final class ReviewGates {

  private final String storyboardId;
  private final String shotId;
  private final ReviewPolicy policy;
  private final Map<String, PendingReview> pending = new LinkedHashMap<>();
  /** Accepted reviews the shot's own code has not acted on yet, by subject. */
  private final Map<String, ReviewDecision> answers = new HashMap<>();
  /** Subjects whose review passed its deadline under the {@code pause} policy. */
  private final Set<String> paused = new LinkedHashSet<>();
  private final List<ReviewDecision> decisions = new ArrayList<>();
  private int reviewSequence;

  ReviewGates(String storyboardId, String shotId, ReviewPolicy policy) {
    this.storyboardId = storyboardId;
    this.shotId = shotId;
    this.policy = policy;
  }

  /** How long a review waits before the deadline policy applies. */
  Duration deadline() {
    return policy.deadline();
  }

  /** A review of the takes {@code takeIds} of {@code subject}, opened at workflow time {@code nowMillis}. */
  PendingReview takeReview(String subject, List<String> takeIds, long nowMillis) {
    return pendingReview(subject, takeIds, nowMillis, null);
  }

  /** A decision on {@code subject} after the provider failure {@code failure}: retry, reject with a prompt, or skip. */
  PendingReview decisionAfter(String subject, String failure, long nowMillis) {
    return pendingReview(subject, List.of(), nowMillis, failure);
  }

  private PendingReview pendingReview(String subject, List<String> takeIds, long nowMillis, String reason) {
    Instant now = Instant.ofEpochMilli(nowMillis);
    return new PendingReview(subject, takeIds, now.toString(), now.plus(policy.deadline()).toString(), reason);
  }

  /** Opens {@code review}; returns the status detail while it waits. */
  String open(PendingReview review) {
    pending.put(review.subject(), review);
    return review.reason() == null ? "awaiting review of " + review.subject()
        : "awaiting a decision on " + review.subject() + " after " + review.reason();
  }

  /** Whether an accepted answer for {@code subject} waits for the shot to act on it. */
  boolean hasAnswer(String subject) {
    return answers.containsKey(subject);
  }

  /** Takes {@code decision} as the answer for its subject; returns its catalog record. */
  ReviewRecord accept(ReviewDecision decision) {
    int sequence = ++reviewSequence;
    answers.put(decision.subject(), decision);
    decisions.add(decision);
    return new ReviewRecord(storyboardId, shotId, sequence, decision, true);
  }

  /** The catalog record of a review that could not be applied (see {@link #problemWith}). */
  ReviewRecord ignore(ReviewDecision decision) {
    return new ReviewRecord(storyboardId, shotId, ++reviewSequence, decision, false);
  }

  /**
   * What the deadline of {@code subject}'s review does under the policy: {@code CANCEL} ends the shot;
   * {@code AUTO_APPROVE} approves the first take ({@link #deadlineApproval}); {@code PAUSE}, and
   * {@code auto_approve} of a failure decision (there is no take to approve), marks the subject paused until a human
   * answers ({@link #resume}).
   */
  DeadlinePolicy atDeadline(String subject) {
    DeadlinePolicy onDeadline = policy.deadlinePolicy();
    if (onDeadline == DeadlinePolicy.CANCEL) {
      return DeadlinePolicy.CANCEL;
    }
    if (onDeadline == DeadlinePolicy.AUTO_APPROVE && !pending.get(subject).takes().isEmpty()) {
      return DeadlinePolicy.AUTO_APPROVE;
    }
    paused.add(subject);
    return DeadlinePolicy.PAUSE;
  }

  /** The approval of the first take of {@code subject} by the deadline, at workflow time {@code nowMillis}. */
  ReviewDecision deadlineApproval(String subject, long nowMillis) {
    return new ReviewDecision(subject, pending.get(subject).takes().get(0), Verdict.APPROVE,
        "review deadline passed (on_deadline: auto_approve)", null, AuditTrail.DEADLINE_REVIEWER,
        Instant.ofEpochMilli(nowMillis).toString(), ReviewDecision.ON_DEADLINE_AUTO_APPROVE);
  }

  /** A human answered a paused subject. */
  void resume(String subject) {
    paused.remove(subject);
  }

  /** Closes {@code subject}'s review; returns its answer, which the shot now acts on. */
  ReviewDecision close(String subject) {
    pending.remove(subject);
    return answers.remove(subject);
  }

  /** The shot ended: nothing awaits a reviewer any more. */
  void closeAll() {
    pending.clear();
    paused.clear();
  }

  Collection<PendingReview> pending() {
    return pending.values();
  }

  /** Whether a decision after a failure is open (not a take review). */
  boolean awaitingDecision() {
    return pending.values().stream().anyMatch(p -> p.takes().isEmpty());
  }

  boolean anyPaused() {
    return !paused.isEmpty();
  }

  List<ReviewDecision> decisions() {
    return List.copyOf(decisions);
  }

  /** The prompt of the next attempt: the reviewer's revision when it gave one. */
  static String revised(ReviewDecision decision, String prompt) {
    return decision.prompt() == null || decision.prompt().isBlank() ? prompt : decision.prompt();
  }

  /** Throws {@link IllegalArgumentException} saying why when {@code decision} cannot be applied now. */
  void requireApplicable(ReviewDecision decision) {
    String problem = problemWith(decision);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Why a review cannot be applied now, or null when it can. */
  String problemWith(ReviewDecision decision) {
    if (decision == null || decision.subject() == null || decision.verdict() == null) {
      return "a review needs a subject and a verdict";
    }
    String subject = decision.subject();
    PendingReview review = pending.get(subject);
    if (review == null || answers.containsKey(subject)) {
      List<String> open = pending.keySet().stream().filter(s -> !answers.containsKey(s)).toList();
      return subject + " is not awaiting review" + (open.isEmpty() ? "" : " (awaiting: " + String.join(", ", open) + ")");
    }
    String verdict = decision.verdict().name().toLowerCase(Locale.ROOT);
    if (review.takes().isEmpty()) {
      if (decision.verdict() == Verdict.APPROVE) {
        return subject + " awaits a decision after " + review.reason() + ": answer retry, reject (with a revised prompt) or skip";
      }
      return decision.take() == null ? null : subject + " has no takes to pick after a failure; leave take empty";
    }
    if (decision.verdict() != Verdict.APPROVE && decision.verdict() != Verdict.REJECT) {
      return subject + " awaits a take review: answer approve or reject, not " + verdict;
    }
    if (decision.take() == null) {
      return decision.verdict() == Verdict.APPROVE && review.takes().size() > 1
          ? subject + " has " + review.takes().size() + " takes (" + String.join(", ", review.takes()) + "); name the take to approve"
          : null;
    }
    return review.takes().contains(decision.take()) ? null
        : "take " + decision.take() + " is not under review for " + subject + " (takes: " + String.join(", ", review.takes()) + ")";
  }
}
