package io.shotflow.workflows.shot;

import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.review.PendingReview;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.ShotStatus;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The shot's published status: its stage, from the pipeline step, the open reviews and the budget's spend requests;
 * a line of detail; the Markdown table operators see as the workflow's current details; and the catalog's stage
 * record, written only when something it holds changed. The Temporal side is the {@link Effects}.
 */
final class ShotStatusPublisher {

  /** Where the status goes. */
  interface Effects {
    /** The workflow's current details (Markdown), set on every publish. */
    void currentDetails(String markdown);

    /** The stage or whether a review waits changed: the search attributes follow. */
    void stageChanged(ShotStage stage, boolean awaitingReview, String detail);

    /** The catalog's stage record changed. */
    void recordStage(ShotStageRecord record);
  }

  private final String storyboardId;
  private final String shotId;
  private final ShotTakes takes;
  private final ReviewGates gates;
  private final ShotBudget budget;
  private final Effects effects;
  private PipelineStep step = PipelineStep.KEYFRAMES;
  /** How the shot ended; null while it runs. */
  private ShotStage outcome;
  /** The stage last published; null before the first publish. */
  private ShotStage stage;
  private boolean awaitingReview;
  private String detail = "starting";
  /** The last stage record written to the catalog. */
  private ShotStageRecord recorded;

  ShotStatusPublisher(String storyboardId, String shotId, ShotTakes takes, ReviewGates gates, ShotBudget budget,
      Effects effects) {
    this.storyboardId = storyboardId;
    this.shotId = shotId;
    this.takes = takes;
    this.gates = gates;
    this.budget = budget;
    this.effects = effects;
  }

  /** The pipeline moved on to {@code step}; the next publish shows it. */
  void enter(PipelineStep step) {
    this.step = step;
  }

  /** Publishes with a new line of detail. */
  void publish(String detail) {
    this.detail = detail;
    publish();
  }

  /**
   * Publishes the stage: current details always, the search attributes when the stage or whether a review waits
   * changed, and the catalog when anything its record holds did.
   */
  void publish() {
    ShotStage now = currentStage();
    boolean reviewing = !gates.pending().isEmpty();
    effects.currentDetails(details(now));
    if (now != stage || reviewing != awaitingReview) {
      stage = now;
      awaitingReview = reviewing;
      effects.stageChanged(now, reviewing, detail);
    }
    ShotStageRecord record = new ShotStageRecord(storyboardId, shotId, now, budget.spent(), detail,
        List.copyOf(gates.pending()));
    if (!record.equals(recorded)) {
      recorded = record;
      effects.recordStage(record);
    }
  }

  /** The shot ended with {@code outcome}; publishes it with why. */
  void finish(ShotStage outcome, String why) {
    this.outcome = outcome;
    publish(why);
  }

  /**
   * A spend request outranks a decision after a failure, which outranks a paused review; an open take review shows as
   * the step's review stage. An ended shot shows its outcome.
   */
  ShotStage currentStage() {
    if (budget.awaitingGrant()) {
      return ShotStage.AWAITING_BUDGET;
    }
    if (gates.awaitingDecision()) {
      return ShotStage.AWAITING_DECISION;
    }
    if (gates.anyPaused()) {
      return ShotStage.PAUSED;
    }
    return outcome != null ? outcome : step.stage(!gates.pending().isEmpty());
  }

  /** The Markdown of the current details: a one-row table, the detail line, and what awaits a reviewer. */
  String details(ShotStage now) {
    StringBuilder md = new StringBuilder()
        .append("| shot | stage | takes | approved | spend |\n|---|---|---|---|---|\n")
        .append("| ").append(shotId).append(" | ").append(now.value()).append(" | ").append(takes.count())
        .append(" | ").append(takes.approvedCount()).append(" | $").append(budget.spent().toPlainString()).append(" |\n\n")
        .append(detail);
    if (!gates.pending().isEmpty()) {
      md.append("\n\nAwaiting: ").append(gates.pending().stream()
          .map(ShotStatusPublisher::awaiting)
          .collect(Collectors.joining("; ")));
    }
    return md.toString();
  }

  private static String awaiting(PendingReview p) {
    return p.subject() + (p.takes().isEmpty() ? " (decision)" : " (" + String.join(", ", p.takes()) + ")");
  }

  /** What the status query answers: the stage last published, with the takes, open reviews, spend and detail now. */
  ShotStatus snapshot() {
    return new ShotStatus(shotId, stage, takes.all(), List.copyOf(gates.pending()), budget.spent(), detail);
  }
}
