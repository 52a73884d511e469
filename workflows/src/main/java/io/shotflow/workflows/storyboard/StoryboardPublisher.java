package io.shotflow.workflows.storyboard;

import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.activity.CatalogActivities.StoryboardRecord;
import io.shotflow.shot.ShotStage;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.storyboard.StoryboardStatus;
import io.shotflow.temporal.SearchAttributes;
import io.temporal.common.SearchAttributeUpdate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a storyboard shows of itself: its state and detail, the Stage and SpendUsd search attributes, the Markdown of
 * its current details (a table of the shots), its status query, and its records in the catalog, written only when
 * they change. Reads the shots from the {@link ShotScheduler} and the money from the {@link BudgetLedger}.
 */
final class StoryboardPublisher {

  /** Where publishing goes: Temporal and the catalog in a workflow ({@link TemporalEffects}), a recorder in a test. */
  interface Effects {
    void upsert(SearchAttributeUpdate<?>... updates);

    void currentDetails(String markdown);

    void record(StoryboardRecord record);

    void record(ShotStageRecord record);
  }

  private static final int DETAIL_ROWS = 20;

  private final String id;
  private final String title;
  private final ShotScheduler shots;
  private final BudgetLedger ledger;
  private final Effects effects;
  private StoryboardState finalState;
  private String publishedStage;
  private AssemblyResult outputs;
  private String detail = "starting";
  /** The last storyboard record written to the catalog. */
  private StoryboardRecord recorded;

  StoryboardPublisher(String id, String title, ShotScheduler shots, BudgetLedger ledger, Effects effects) {
    this.id = id;
    this.title = title;
    this.shots = shots;
    this.ledger = ledger;
    this.effects = effects;
  }

  /** The search attributes a storyboard starts with. */
  void begin(String provider) {
    effects.upsert(
        SearchAttributes.STORYBOARD_ID.valueSet(id),
        SearchAttributes.PROVIDER.valueSet(provider),
        SearchAttributes.SPEND_USD.valueSet(0.0),
        SearchAttributes.AWAITING_REVIEW.valueSet(false));
  }

  /** Running, paused (a spend request waits for budget), or how the storyboard ended. */
  StoryboardState state() {
    if (finalState != null) {
      return finalState;
    }
    return ledger.paused() ? StoryboardState.PAUSED : StoryboardState.RUNNING;
  }

  /** What the storyboard says it does; the status shows the pause instead while one lasts. */
  void detail(String detail) {
    this.detail = detail;
  }

  String detail() {
    return detail;
  }

  void assembled(AssemblyResult outputs) {
    this.outputs = outputs;
  }

  AssemblyResult outputs() {
    return outputs;
  }

  void publish() {
    publish(state().value());
  }

  /**
   * The Stage search attribute when it changed (it is an event), current details always (they are not), and the
   * catalog record of a running storyboard when it changed.
   */
  void publish(String stage) {
    effects.currentDetails(details(stage));
    if (!stage.equals(publishedStage)) {
      publishedStage = stage;
      effects.upsert(SearchAttributes.STAGE.valueSet(stage));
    }
    if (finalState == null) {
      record(StoryboardState.RUNNING);
    }
  }

  /** The storyboard ended in {@code state}: its actual spend, its last details and its last record. */
  void end(StoryboardState state) {
    finalState = state;
    effects.upsert(SearchAttributes.SPEND_USD.valueSet(shots.spend().doubleValue()));
    publish();
    record(state);
  }

  /** The catalog hears that a shot waits for other shots' last frames, start keyframes or character references. */
  void shotWaiting(ShotScheduler.Waiting waiting) {
    effects.record(new ShotStageRecord(id, waiting.shotId(), ShotStage.WAITING_FOR_CONTINUITY, BigDecimal.ZERO,
        waitingFor(waiting), List.of()));
  }

  /** "waiting for the last frame of a, the start keyframe of c and the references of mara". */
  static String waitingFor(ShotScheduler.Waiting waiting) {
    List<String> parts = new java.util.ArrayList<>();
    if (!waiting.sources().isEmpty()) {
      parts.add("the last frame of " + String.join(" and ", waiting.sources()));
    }
    if (!waiting.targets().isEmpty()) {
      parts.add("the start keyframe of " + String.join(" and ", waiting.targets()));
    }
    if (!waiting.characters().isEmpty()) {
      parts.add("the references of " + String.join(" and ", waiting.characters()));
    }
    String last = parts.remove(parts.size() - 1);
    return "waiting for " + (parts.isEmpty() ? last : String.join(", ", parts) + " and " + last);
  }

  /** The catalog hears of a shot that never started from the storyboard, since it has no workflow of its own. */
  void shotEnded(ShotScheduler.EndUnstarted end) {
    effects.record(new ShotStageRecord(id, end.shotId(), end.outcome(), BigDecimal.ZERO, end.reason(), List.of()));
  }

  /** Writes the state, with the status's detail, when the record changed. */
  private void record(StoryboardState state) {
    BigDecimal spend = state == StoryboardState.RUNNING ? ledger.committed() : shots.spend();
    StoryboardRecord record = new StoryboardRecord(id, state, ledger.budget(), spend, outputs, statusDetail());
    if (!record.equals(recorded)) {
      recorded = record;
      effects.record(record);
    }
  }

  private String details(String stage) {
    StringBuilder md = new StringBuilder()
        .append("**").append(title).append("** · ").append(stage).append(" · ")
        .append(shots.done()).append('/').append(shots.shotCount()).append(" shots done · ")
        .append(ledger.committedText());
    if (ledger.paused()) {
      md.append(" · ").append(ledger.heldRequests()).append(" spend request(s) awaiting budget");
    }
    md.append("\n\n| shot | stage |\n|---|---|\n");
    int rows = 0;
    for (ShotScheduler.ShotState s : shots.shots()) {
      if (rows++ == DETAIL_ROWS) {
        md.append("| … | ").append(shots.shots().size() - DETAIL_ROWS).append(" more |\n");
        break;
      }
      md.append("| ").append(s.id()).append(" | ").append(stageText(s)).append(" |\n");
    }
    return md.toString();
  }

  private String stageText(ShotScheduler.ShotState s) {
    ShotStage known = knownStage(s);
    String text = known != null ? known.value() : "running";
    return s.reason() == null ? text : text + " (" + s.reason() + ")";
  }

  /** The stage the storyboard knows: waiting, awaiting budget, the outcome, or null while the shot runs. */
  private ShotStage knownStage(ShotScheduler.ShotState s) {
    if (s.outcome() != null) {
      return s.outcome();
    }
    if (!s.started()) {
      return ShotStage.WAITING_FOR_CONTINUITY;
    }
    return ledger.awaitingBudget(s.id()) ? ShotStage.AWAITING_BUDGET : null;
  }

  StoryboardStatus status() {
    List<StoryboardStatus.ShotEntry> entries = new ArrayList<>();
    for (ShotScheduler.ShotState s : shots.shots()) {
      entries.add(new StoryboardStatus.ShotEntry(s.id(), s.workflowId(), knownStage(s), s.running()));
    }
    return new StoryboardStatus(id, title, state(), ledger.budget(), ledger.committed(), ledger.estimate(), entries,
        outputs, statusDetail());
  }

  private String statusDetail() {
    return finalState == null && ledger.paused()
        ? "paused: " + ledger.heldRequests() + " spend request(s) need a higher budget (" + ledger.committedText() + ")"
        : detail;
  }
}
