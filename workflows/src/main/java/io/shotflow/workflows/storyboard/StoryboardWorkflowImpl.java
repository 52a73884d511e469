package io.shotflow.workflows.storyboard;

import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.activity.CatalogActivities.StoryboardRecord;
import io.shotflow.workflows.catalog.CatalogWriter;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.media.AssetRef;
import io.shotflow.media.VideoFormat;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.RateCard;
import io.shotflow.shot.ShotInput;
import io.shotflow.shot.ShotResult;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.ShotWorkflow;
import io.shotflow.shot.StoryboardSettings;
import io.shotflow.shot.Take;
import io.shotflow.spec.CostEstimator;
import io.shotflow.spec.FrameSpec;
import io.shotflow.spec.ShotSpec;
import io.shotflow.spec.StoryboardSpec;
import io.shotflow.workflows.activity.ActivityStubs;
import io.shotflow.workflows.activity.Failures;
import io.shotflow.temporal.SearchAttributes;
import io.shotflow.temporal.TaskQueues;
import io.shotflow.temporal.WorkflowIds;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import io.shotflow.storyboard.ContinuityFrame;
import io.shotflow.shot.SpendGrant;
import io.shotflow.storyboard.SpendRequest;
import io.shotflow.storyboard.StoryboardInput;
import io.shotflow.storyboard.StoryboardResult;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.storyboard.StoryboardStatus;
import io.shotflow.storyboard.StoryboardWorkflow;

/**
 * A storyboard: one child workflow per shot (a shot that continues from another starts once that shot's last
 * frame is known), the budget shared by all shots, and the final assembly. Children send the parent only
 * continuity frames and spend requests, so a 500-shot storyboard stays well under 10,240 history events.
 */
public class StoryboardWorkflowImpl implements StoryboardWorkflow {

  private static final Logger log = Workflow.getLogger(StoryboardWorkflowImpl.class);
  private static final int DETAIL_ROWS = 20;
  private static final int SUMMARY_BYTES = 200;

  private final String id;
  private final StoryboardSpec spec;
  private final BigDecimal estimate;
  private final RateCard rateCard;
  private final ProviderCapabilities capabilities;
  private final Duration providerQueueWait;
  /** Created on first use, from workflow code. */
  private CatalogWriter catalog;
  private final Map<String, ShotState> shots = new LinkedHashMap<>();
  private final Map<String, AssetRef> frames = new LinkedHashMap<>();
  /** Spend requests waiting for budget, in arrival order. */
  private final List<SpendRequest> held = new ArrayList<>();
  private BigDecimal budget;
  /** Allowances reserved for shots plus grants, less what finished shots did not spend. */
  private BigDecimal committed = BigDecimal.ZERO;
  private StoryboardState finalState;
  private String publishedStage;
  private AssemblyResult outputs;
  private String detail = "starting";
  /** The last storyboard record written to the catalog. */
  private StoryboardRecord recorded;
  private boolean changed;
  private boolean cancelling;

  /** What the storyboard knows of one shot. */
  private static final class ShotState {
    final ShotSpec spec;
    final String workflowId;
    final BigDecimal allowance;
    BigDecimal reserved;
    boolean started;
    CancellationScope scope;
    ShotResult result;
    RuntimeException failure;
    boolean settled;
    ShotStage outcome;
    /** Why a shot that never started ended, for the status. */
    String reason;
    /** Whether the catalog heard that it waits for another shot's last frame. */
    boolean waitingRecorded;

    ShotState(ShotSpec spec, String workflowId, BigDecimal allowance) {
      this.spec = spec;
      this.workflowId = workflowId;
      this.allowance = allowance;
      this.reserved = allowance;
    }

    boolean running() {
      return started && outcome == null;
    }
  }

  @WorkflowInit
  public StoryboardWorkflowImpl(StoryboardInput input) {
    this.id = input.storyboardId();
    this.spec = input.spec();
    this.budget = spec.budgetUsd();
    this.rateCard = input.rateCard();
    this.capabilities = input.capabilities();
    this.providerQueueWait = input.providerQueueWait();
    BigDecimal total = BigDecimal.ZERO;
    for (ShotSpec shot : spec.shots()) {
      BigDecimal allowance = CostEstimator.estimateShot(spec, shot, rateCard, capabilities);
      shots.put(shot.id(), new ShotState(shot, WorkflowIds.shot(id, shot.id()), allowance));
      total = total.add(allowance);
    }
    this.estimate = total;
    this.committed = total;
  }

  @Override
  public StoryboardResult run(StoryboardInput ignored) {
    Workflow.upsertTypedSearchAttributes(
        SearchAttributes.STORYBOARD_ID.valueSet(id),
        SearchAttributes.PROVIDER.valueSet(spec.provider()),
        SearchAttributes.SPEND_USD.valueSet(0.0),
        SearchAttributes.AWAITING_REVIEW.valueSet(false));
    try {
      return runAndEnd();
    } catch (CanceledFailure e) {
      CatalogWriter.recordCancel(() -> {
        detail = "cancelled";
        end(StoryboardState.CANCELLED);
      });
      throw e;
    }
  }

  private StoryboardResult runAndEnd() {
    try {
      publish();
      record(StoryboardState.RUNNING);
      runShots();
      if (cancelling) {
        return end(StoryboardState.CANCELLED);
      }
      assemble();
      return end(StoryboardState.COMPLETED);
    } catch (CanceledFailure e) {
      throw e;
    } catch (TemporalFailure e) {
      detail = "failed: " + Failures.rootCause(e);
      end(StoryboardState.FAILED);
      throw e;
    }
  }

  /** Starts what can start, grants what fits, and settles finished shots until every shot has an outcome. */
  private void runShots() {
    while (true) {
      startOrSkipWaitingShots();
      recordWaitingShots();
      grantWhatFits();
      if (shots.values().stream().allMatch(s -> s.outcome != null)) {
        return;
      }
      publish();
      Workflow.await(() -> changed);
      changed = false;
      for (ShotState s : shots.values()) {
        if (!s.settled && (s.result != null || s.failure != null)) {
          settle(s);
        }
      }
    }
  }

  private void startOrSkipWaitingShots() {
    boolean progress = true;
    while (progress) {
      progress = false;
      for (ShotState s : shots.values()) {
        if (s.started || s.outcome != null) {
          continue;
        }
        if (cancelling) {
          endUnstarted(s, ShotStage.CANCELLED, "not started: the storyboard was cancelled");
          progress = true;
          continue;
        }
        List<String> sources = sources(s.spec);
        String lost = sources.stream()
            .filter(src -> !frames.containsKey(src) && shots.get(src).outcome != null)
            .findFirst().orElse(null);
        if (lost != null) {
          endUnstarted(s, ShotStage.SKIPPED,
              "skipped: continues from shot " + lost + ", which ended " + shots.get(lost).outcome.value());
          progress = true;
        } else if (sources.stream().allMatch(frames::containsKey)) {
          start(s);
          progress = true;
        }
      }
    }
  }

  /** The catalog hears which shots wait for another's last frame. */
  private void recordWaitingShots() {
    for (ShotState s : shots.values()) {
      if (!s.started && s.outcome == null && !s.waitingRecorded) {
        s.waitingRecorded = true;
        catalog().recordShotStage(new ShotStageRecord(id, s.spec.id(), ShotStage.WAITING_FOR_CONTINUITY,
            BigDecimal.ZERO, "waiting for the last frame of " + String.join(" and ", sources(s.spec)), List.of()));
      }
    }
  }

  /** A shot that will never start: the catalog hears of it from the storyboard, since it has no workflow of its own. */
  private void endUnstarted(ShotState s, ShotStage outcome, String reason) {
    s.outcome = outcome;
    s.reason = reason;
    releaseReservation(s, BigDecimal.ZERO);
    log.info("shot {} {}", s.spec.id(), reason);
    catalog().recordShotStage(new ShotStageRecord(id, s.spec.id(), outcome, BigDecimal.ZERO, reason, List.of()));
  }

  /** The shots whose last frame this shot starts or ends on. */
  private static List<String> sources(ShotSpec shot) {
    return Stream.of(shot.startFrame(), shot.endFrame())
        .filter(Objects::nonNull).filter(FrameSpec::isFrom).map(FrameSpec::from).distinct().toList();
  }

  private void start(ShotState s) {
    ShotSpec shot = s.spec;
    boolean someoneContinues = spec.shots().stream().anyMatch(other -> sources(other).contains(shot.id()));
    ShotInput input = new ShotInput(id, Workflow.getInfo().getWorkflowId(), shot, settings(),
        frameOf(shot.startFrame()), frameOf(shot.endFrame()), s.allowance, someoneContinues, rateCard,
        capabilities);
    ShotWorkflow child = Workflow.newChildWorkflowStub(ShotWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(s.workflowId)
        .setTaskQueue(TaskQueues.ORCHESTRATION)
        .setStaticSummary(summary(shot))
        .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
            .set(SearchAttributes.STORYBOARD_ID, id)
            .set(SearchAttributes.SHOT_ID, shot.id())
            .set(SearchAttributes.STAGE, ShotStage.KEYFRAMES.value())
            .build())
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
        .build());
    s.started = true;
    s.scope = Workflow.newCancellationScope(() -> Async.function(child::run, input).handle((result, failure) -> {
      s.result = result;
      s.failure = failure;
      changed = true;
      return null;
    }));
    s.scope.run();
  }

  private AssetRef frameOf(FrameSpec frame) {
    return frame != null && frame.isFrom() ? frames.get(frame.from()) : null;
  }

  private StoryboardSettings settings() {
    return new StoryboardSettings(spec.provider(), spec.model(), spec.tier(), spec.fallbackProviders(),
        spec.aspectRatio(), spec.width(), spec.height(), spec.fps(), spec.review(), providerQueueWait);
  }

  /** "Shot reveal: Camera pushes in…", at most 200 bytes of UTF-8. */
  private static String summary(ShotSpec shot) {
    String full = "Shot " + shot.id() + ": " + shot.prompt();
    if (full.getBytes(StandardCharsets.UTF_8).length <= SUMMARY_BYTES) {
      return full;
    }
    int room = SUMMARY_BYTES - "…".getBytes(StandardCharsets.UTF_8).length;
    StringBuilder out = new StringBuilder();
    int used = 0;
    for (int i = 0; i < full.length(); i += Character.charCount(full.codePointAt(i))) {
      int cp = full.codePointAt(i);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + size > room) {
        break;
      }
      used += size;
      out.appendCodePoint(cp);
    }
    return out.append('…').toString();
  }

  /** Applies a finished child: its frame, its actual spend in place of its reservation, and what it means for the rest. */
  private void settle(ShotState s) {
    s.settled = true;
    held.removeIf(r -> r.shotId().equals(s.spec.id()));
    if (s.failure != null) {
      if (cancelling && s.failure.getCause() instanceof CanceledFailure) {
        s.outcome = ShotStage.CANCELLED;
        releaseReservation(s, BigDecimal.ZERO);
        return;
      }
      throw s.failure;
    }
    ShotResult result = s.result;
    s.outcome = result.outcome();
    if (result.lastFrame() != null) {
      frames.putIfAbsent(s.spec.id(), result.lastFrame());
    }
    releaseReservation(s, result.spendUsd());
    log.info("shot {} ended {}", s.spec.id(), s.outcome.value());
    if (s.outcome == ShotStage.CANCELLED && !cancelling) {
      cancelling = true;
      detail = "cancelled: a review of shot " + s.spec.id() + " passed its deadline (on_deadline: cancel)";
      for (ShotState other : shots.values()) {
        if (other.running() && other.scope != null) {
          other.scope.cancel("shot " + s.spec.id() + " cancelled the storyboard");
        }
      }
    }
  }

  private void releaseReservation(ShotState s, BigDecimal spent) {
    committed = committed.subtract(s.reserved).add(spent == null ? BigDecimal.ZERO : spent);
    s.reserved = BigDecimal.ZERO;
  }

  private void assemble() {
    List<AssemblyRequest.Shot> cut = new ArrayList<>();
    for (ShotState s : shots.values()) {
      if (s.outcome == ShotStage.DONE) {
        ShotResult r = s.result;
        List<Take> approved = r.takes().stream().filter(Take::approved).toList();
        cut.add(new AssemblyRequest.Shot(s.spec.id(), s.spec.prompt(), r.video(), r.durationSeconds(), approved, r.decisions()));
      }
    }
    if (cut.isEmpty()) {
      detail = "every shot was skipped: nothing to assemble";
      return;
    }
    detail = "assembling " + shotCount(cut.size());
    publish("assembling");
    outputs = ActivityStubs.assembly("assemble " + shotCount(cut.size()) + " of storyboard " + id)
        .assemble(new AssemblyRequest(id, spec.title(), new VideoFormat(spec.width(), spec.height(), spec.fps()),
            cut, budget, spend()));
    List<String> skipped = shots.values().stream().filter(s -> s.outcome == ShotStage.SKIPPED)
        .map(s -> s.reason == null ? s.spec.id() : s.spec.id() + " (" + s.reason + ")").toList();
    detail = "assembled " + shotCount(cut.size())
        + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped: " + String.join("; ", skipped));
  }

  private static String shotCount(int n) {
    return n + (n == 1 ? " shot" : " shots");
  }

  /** Actual spend of the shots that finished (what their takes cost). */
  private BigDecimal spend() {
    return shots.values().stream().filter(s -> s.result != null).map(s -> s.result.spendUsd())
        .filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private StoryboardResult end(StoryboardState state) {
    finalState = state;
    Workflow.upsertTypedSearchAttributes(SearchAttributes.SPEND_USD.valueSet(spend().doubleValue()));
    publish();
    record(state);
    Workflow.await(Workflow::isEveryHandlerFinished);
    catalog().flush();
    return new StoryboardResult(id, state, outputs, spend(), detail);
  }

  private CatalogWriter catalog() {
    if (catalog == null) {
      catalog = CatalogWriter.create();
    }
    return catalog;
  }

  /** Writes the state, with the status's detail, when the record changed. */
  private void record(StoryboardState state) {
    BigDecimal spend = state == StoryboardState.RUNNING ? committed : spend();
    StoryboardRecord record = new StoryboardRecord(id, state, budget, spend, outputs, statusDetail());
    if (!record.equals(recorded)) {
      recorded = record;
      catalog().recordStoryboardState(record);
    }
  }

  // ---------------------------------------------------------------- signals, updates, query

  @Override
  public void continuityFrameReady(ContinuityFrame frame) {
    frames.put(frame.shotId(), frame.lastFrame());
    changed = true;
  }

  @Override
  public void requestSpend(SpendRequest request) {
    held.add(request);
    changed = true;
  }

  @Override
  public void validateSetBudget(BigDecimal budgetUsd) {
    if (budgetUsd == null || budgetUsd.signum() <= 0) {
      throw new IllegalArgumentException("budget_usd must be greater than 0");
    }
    if (budgetUsd.compareTo(committed) < 0) {
      throw new IllegalArgumentException("budget_usd $" + budgetUsd.toPlainString() + " is below the $"
          + committed.toPlainString() + " already committed to shots");
    }
  }

  @Override
  public StoryboardStatus setBudget(BigDecimal budgetUsd) {
    budget = budgetUsd;
    log.info("storyboard {}: budget set to {}", id, budgetUsd);
    grantWhatFits();
    publish();
    if (finalState == null) {
      record(StoryboardState.RUNNING);
    }
    return status();
  }

  /**
   * Grants held requests that fit under the budget, oldest first. The grants are decided before any signal
   * is sent, so the update handler and the main loop never grant the same request twice.
   */
  private void grantWhatFits() {
    List<SpendRequest> granted = new ArrayList<>();
    for (Iterator<SpendRequest> it = held.iterator(); it.hasNext(); ) {
      SpendRequest r = it.next();
      if (budget == null || committed.add(r.amountUsd()).compareTo(budget) <= 0) {
        it.remove();
        committed = committed.add(r.amountUsd());
        ShotState s = shots.get(r.shotId());
        s.reserved = s.reserved.add(r.amountUsd());
        granted.add(r);
      }
    }
    if (!granted.isEmpty()) {
      publish();
    }
    for (SpendRequest r : granted) {
      log.info("storyboard {}: granted ${} to shot {} for {}", id, r.amountUsd(), r.shotId(), r.subject());
      Workflow.newExternalWorkflowStub(ShotWorkflow.class, r.shotWorkflowId()).spendGranted(new SpendGrant(r.seq(), true));
    }
  }

  private StoryboardState state() {
    if (finalState != null) {
      return finalState;
    }
    return held.isEmpty() ? StoryboardState.RUNNING : StoryboardState.PAUSED;
  }

  private void publish() {
    publish(state().value());
  }

  /**
   * The Stage search attribute when it changed (it is an event), current details always (they are not), and the
   * catalog record of a running storyboard when it changed.
   */
  private void publish(String stage) {
    Workflow.setCurrentDetails(details(stage));
    if (!stage.equals(publishedStage)) {
      publishedStage = stage;
      Workflow.upsertTypedSearchAttributes(SearchAttributes.STAGE.valueSet(stage));
    }
    if (finalState == null) {
      record(StoryboardState.RUNNING);
    }
  }

  private String details(String stage) {
    long done = shots.values().stream().filter(s -> s.outcome == ShotStage.DONE).count();
    StringBuilder md = new StringBuilder()
        .append("**").append(spec.title()).append("** · ").append(stage).append(" · ")
        .append(done).append('/').append(shots.size()).append(" shots done · committed $").append(committed.toPlainString())
        .append(budget == null ? "" : " of $" + budget.toPlainString());
    if (!held.isEmpty()) {
      md.append(" · ").append(held.size()).append(" spend request(s) awaiting budget");
    }
    md.append("\n\n| shot | stage |\n|---|---|\n");
    int rows = 0;
    for (ShotState s : shots.values()) {
      if (rows++ == DETAIL_ROWS) {
        md.append("| … | ").append(shots.size() - DETAIL_ROWS).append(" more |\n");
        break;
      }
      md.append("| ").append(s.spec.id()).append(" | ").append(stageText(s)).append(" |\n");
    }
    return md.toString();
  }

  private String stageText(ShotState s) {
    ShotStage known = knownStage(s);
    String text = known != null ? known.value() : "running";
    return s.reason == null ? text : text + " (" + s.reason + ")";
  }

  /** The stage the storyboard knows: waiting, awaiting budget, the outcome, or null while the shot runs. */
  private ShotStage knownStage(ShotState s) {
    if (s.outcome != null) {
      return s.outcome;
    }
    if (!s.started) {
      return ShotStage.WAITING_FOR_CONTINUITY;
    }
    return held.stream().anyMatch(r -> r.shotId().equals(s.spec.id())) ? ShotStage.AWAITING_BUDGET : null;
  }

  @Override
  public StoryboardStatus status() {
    List<StoryboardStatus.ShotEntry> entries = new ArrayList<>();
    for (ShotState s : shots.values()) {
      entries.add(new StoryboardStatus.ShotEntry(s.spec.id(), s.workflowId, knownStage(s), s.running()));
    }
    return new StoryboardStatus(id, spec.title(), state(), budget, committed, estimate, entries, outputs,
        statusDetail());
  }

  private String statusDetail() {
    return finalState == null && !held.isEmpty()
        ? "paused: " + held.size() + " spend request(s) need a higher budget (committed $" + committed.toPlainString()
            + (budget == null ? "" : " of $" + budget.toPlainString()) + ")"
        : detail;
  }
}
