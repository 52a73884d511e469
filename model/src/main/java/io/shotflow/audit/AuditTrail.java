package io.shotflow.audit;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Verdict;
import io.shotflow.shot.Take;
import io.shotflow.spec.ReviewGate;
import io.shotflow.spec.ReviewPolicy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A storyboard's audit trail, built the same way for {@code manifest.json} and {@code GET /api/storyboards/{id}/audit}:
 * every decision with who or what made it, every spend entry and every failover route.
 *
 * <p>Decisions a human did not make are marked {@code automatic} with the policy that made them and reviewer
 * {@value #AUTO}: a decision that carries its {@link ReviewDecision#policy()}, an approval by
 * {@code ./shotflow run --auto-approve} ({@code actor} keeps the token it was sent with) or by the review deadline
 * under {@code on_deadline: auto_approve} (recorded by the workflow as reviewer {@value #DEADLINE_REVIEWER}), and one
 * by a gate set to {@code auto}, which the workflow records as an approved take without a decision: the trail adds a
 * decision for each such take, so no approved take is without one.
 */
public final class AuditTrail {

  /** The reviewer of decisions no human made. */
  public static final String AUTO = "auto";
  /** The note {@code ./shotflow run --auto-approve} sends with each approval. */
  public static final String CLI_AUTO_APPROVE_NOTE = "auto-approved by ./shotflow run --auto-approve";
  /** The reviewer the workflow records for an approval by the review deadline. */
  public static final String DEADLINE_REVIEWER = "deadline";

  /** A review decision as the workflow recorded it, with the shot it belongs to and whether it was acted on. */
  public record Recorded(String shot, ReviewDecision decision, boolean applied) {}

  /** A take with the shot it belongs to. */
  public record ShotTake(String shot, Take take) {}

  /**
   * One decision. {@code reviewer} is the person, or {@value #AUTO} with {@code policy} naming what decided;
   * {@code actor} is the authenticated name the decision arrived with (null for decisions made inside the workflow).
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Decision(String shot, String subject, String take, String verdict, String reviewer, boolean automatic,
      String policy, String actor, String note, String prompt, String decidedAt, boolean applied) {}

  /** One provider call's result and what it cost; {@code route} is the providers it went through. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Spend(String shot, String take, String subject, String kind, String provider, String providerJobId,
      BigDecimal costUsd, int attempt, String route, boolean approved) {}

  /** A call that failed over: the providers tried in order, the last one made the take. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Failover(String shot, String take, String subject, List<String> route, String provider) {}

  /** The whole trail; {@code spendUsd} is the sum of the spend entries. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Audit(List<Decision> decisions, List<Spend> spend, BigDecimal spendUsd, List<Failover> failovers) {}

  /** The separator of providers in a take's route ({@code kling→fal}). */
  public static final String ROUTE_SEPARATOR = "→";

  private AuditTrail() {}

  /** The trail of {@code takes} and {@code decisions} (each in the order they happened) under {@code policy}. */
  public static Audit of(ReviewPolicy policy, List<ShotTake> takes, List<Recorded> decisions) {
    List<Decision> trail = new ArrayList<>();
    for (Recorded r : decisions) {
      trail.add(decision(r));
    }
    for (ShotTake t : takes) {
      Take take = t.take();
      if (take.approved() && !approvedByDecision(decisions, t)) {
        trail.add(new Decision(t.shot(), take.subject(), take.id(), "approve", AUTO, true, gatePolicy(policy,
            take.subject()), null, null, null, null, true));
      }
    }
    List<Spend> spend = new ArrayList<>();
    List<Failover> failovers = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (ShotTake t : takes) {
      Take take = t.take();
      spend.add(new Spend(t.shot(), take.id(), take.subject(), take.kind(), take.provider(), take.providerJobId(),
          take.costUsd(), take.attempt(), take.route(), take.approved()));
      if (take.costUsd() != null) {
        total = total.add(take.costUsd());
      }
      if (take.route() != null && take.route().contains(ROUTE_SEPARATOR)) {
        failovers.add(new Failover(t.shot(), take.id(), take.subject(),
            Arrays.asList(take.route().split(ROUTE_SEPARATOR)), take.provider()));
      }
    }
    return new Audit(List.copyOf(trail), List.copyOf(spend), total, List.copyOf(failovers));
  }

  /** Who approved {@code take}: the reviewer of the decision that did, or {@value #AUTO}. */
  public static String approver(Audit audit, String shot, Take take) {
    String approver = null;
    for (Decision d : audit.decisions()) {
      if (d.applied() && "approve".equals(d.verdict()) && shot.equals(d.shot())
          && take.subject().equals(d.subject()) && (d.take() == null || d.take().equals(take.id()))) {
        approver = d.reviewer();
      }
    }
    return approver;
  }

  private static Decision decision(Recorded r) {
    ReviewDecision d = r.decision();
    String verdict = d.verdict() == null ? null : d.verdict().name().toLowerCase(Locale.ROOT);
    String policy = d.policy();
    boolean automatic = policy != null;
    String actor = DEADLINE_REVIEWER.equals(d.reviewer()) ? null : d.reviewer();
    return new Decision(r.shot(), d.subject(), d.take(), verdict, automatic ? AUTO : d.reviewer(), automatic, policy,
        actor, d.note(), d.prompt(), d.decidedAt(), r.applied());
  }

  /** Whether an applied approval names {@code t}'s take (or, naming none, its subject). */
  private static boolean approvedByDecision(List<Recorded> decisions, ShotTake t) {
    return decisions.stream().anyMatch(r -> r.applied() && r.decision().verdict() == Verdict.APPROVE
        && t.shot().equals(r.shot()) && t.take().subject().equals(r.decision().subject())
        && (r.decision().take() == null || r.decision().take().equals(t.take().id())));
  }

  /** The setting that lets takes of {@code subject} through without a review. */
  static String gatePolicy(ReviewPolicy policy, String subject) {
    String kind = subject == null ? "" : subject.substring(0, Math.max(0, subject.indexOf(':')));
    String key;
    ReviewGate gate;
    ReviewPolicy p = policy == null ? ReviewPolicy.DEFAULT : policy;
    switch (kind) {
      case "keyframe" -> { key = "review.keyframes"; gate = p.keyframeGate(); }
      case "clip", "extend" -> { key = "review.clips"; gate = p.clipGate(); }
      case "lip_sync" -> { key = "review.lip_sync"; gate = p.lipSyncGate(); }
      default -> { return "no review gate (" + kind + ")"; }
    }
    return gate == ReviewGate.AUTO ? key + ": auto" : key + ": " + gate.value() + ", but no decision was recorded";
  }
}
