package io.shotflow.api.storyboard;

import io.micronaut.core.annotation.Nullable;
import io.shotflow.asset.AssetLinks;
import io.shotflow.media.AssetRef;
import io.shotflow.api.storyboard.StoryboardView.OutputsView;
import io.shotflow.api.storyboard.StoryboardView.PendingReviewView;
import io.shotflow.api.storyboard.StoryboardView.ShotView;
import io.shotflow.api.storyboard.StoryboardView.TakeView;
import io.shotflow.catalog.StoryboardCatalog;
import io.shotflow.catalog.StoryboardRow;
import io.shotflow.catalog.TakeRow;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.review.PendingReview;
import io.shotflow.review.Subjects;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.ShotStatus;
import io.shotflow.shot.Take;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.storyboard.StoryboardWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composes a storyboard's status from the catalog. The workflows record every change of their status there within
 * the workflow task that made it, so Temporal is asked only whether the storyboard still runs: a workflow closed
 * outside Shotflow (terminated, timed out) has no record of its end, and its close status stands in for one.
 */
@Singleton
public class StoryboardStatusService {

  private static final Logger LOG = LoggerFactory.getLogger(StoryboardStatusService.class);
  private static final String QUEUED = "queued";
  private static final List<ShotStage> PROGRESSION = List.of(ShotStage.WAITING_FOR_CONTINUITY, ShotStage.KEYFRAMES,
      ShotStage.KEYFRAME_REVIEW, ShotStage.CLIP, ShotStage.CLIP_REVIEW, ShotStage.EXTEND, ShotStage.EXTEND_REVIEW,
      ShotStage.LIP_SYNC, ShotStage.LIP_SYNC_REVIEW, ShotStage.DONE);
  private static final Set<String> PAUSING_STAGES =
      Set.of(ShotStage.PAUSED.value(), ShotStage.AWAITING_BUDGET.value());

  private final StoryboardCatalog catalog;
  private final WorkflowClient client;
  private final AssetLinks links;

  public StoryboardStatusService(StoryboardCatalog catalog, WorkflowClient client, AssetLinks links) {
    this.catalog = catalog;
    this.client = client;
    this.links = links;
  }

  /** The status, or empty for a storyboard the catalog does not know. */
  public Optional<StoryboardView> status(String storyboardId) {
    return status(storyboardId, Map.of());
  }

  /** The status, with the states of shots the caller already has from their workflows (by shot id) in their place. */
  public Optional<StoryboardView> status(String storyboardId, Map<String, ShotStatus> known) {
    return catalog.entry(storyboardId).map(entry -> compose(entry, known));
  }

  /** The assembled outputs: recorded in the catalog at assembly, else still only in the running workflow. */
  public Optional<AssemblyResult> outputs(String storyboardId) {
    StoryboardCatalog.Entry entry = catalog.entry(storyboardId).orElse(null);
    if (entry == null) {
      return Optional.empty();
    }
    AssemblyResult recorded = entry.outputs();
    if (recorded != null) {
      return Optional.of(recorded);
    }
    try {
      return Optional.ofNullable(
          client.newWorkflowStub(StoryboardWorkflow.class, entry.storyboard().workflowId()).status().outputs());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A shot the caller knows the state of is running, so its storyboard is: no need to describe it first. */
  private StoryboardView compose(StoryboardCatalog.Entry entry, Map<String, ShotStatus> known) {
    StoryboardRow row = entry.storyboard();
    if (known.isEmpty()) {
      WorkflowExecutionStatus execution;
      try {
        execution = client.newUntypedWorkflowStub(row.workflowId()).describe().getStatus();
      } catch (RuntimeException e) {
        // describe finds closed workflows too: "not running" here means Temporal does not know it
        if (TemporalFailures.notRunning(e) && !terminal(recordedState(row))) {
          return lost(entry);
        }
        LOG.debug("Temporal did not describe {}: {}", row.workflowId(), e.toString());
        return fromCatalog(entry, null, known);
      }
      if (execution != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        // a workflow writes its last record before it closes: read again what was read before it closed
        StoryboardCatalog.Entry closed = terminal(recordedState(row)) ? entry
            : catalog.entry(row.id()).orElse(entry);
        return fromCatalog(closed, closedState(execution), known);
      }
    }
    return fromCatalog(entry, null, known);
  }

  /**
   * The catalog says the storyboard runs, Temporal does not know its workflow: nothing will move it again. Recorded
   * as {@code lost} with why, so the list, the page and the event stream say so too.
   */
  private StoryboardView lost(StoryboardCatalog.Entry entry) {
    StoryboardRow row = entry.storyboard();
    String why = "lost: Temporal no longer knows workflow " + row.workflowId() + " (the Temporal server it ran on "
        + "restarted without keeping state, or its history was deleted); nothing will move it again. Submit the spec "
        + "again to run it anew: POST /api/storyboards, or ./shotflow run";
    if (catalog.markLost(row.id(), why)) {
      LOG.warn("Storyboard {}: {}", row.id(), why);
    }
    return fromCatalog(catalog.entry(row.id()).orElse(entry), StoryboardState.LOST, Map.of());
  }

  /**
   * What the workflows recorded, with the shots in {@code known} as their workflows answered. {@code closed}: how the
   * workflow closed, when Temporal says it did; nothing of a closed storyboard waits for review.
   */
  private StoryboardView fromCatalog(StoryboardCatalog.Entry entry, @Nullable StoryboardState closed,
      Map<String, ShotStatus> known) {
    StoryboardRow row = entry.storyboard();
    StoryboardState recorded = recordedState(row);
    boolean ended = closed != null || terminal(recorded);
    Map<String, List<TakeRow>> takes = takesByShot(entry);
    List<ShotView> shots = entry.shots().stream()
        .map(s -> known.containsKey(s.shotId()) && !ended ? shotView(known.get(s.shotId()))
            : new ShotView(s.shotId(), s.stage() != null ? s.stage() : QUEUED, s.spendUsd(), s.detail(),
                takes.getOrDefault(s.shotId(), List.of()).stream().map(this::takeView).toList(),
                ended ? List.of() : pending(s.shotId(), entry.pendingReviews(s))))
        .toList();
    // the workflow's close status wins over a catalog row its last write did not reach
    StoryboardState state = closed != null && !terminal(recorded) ? closed : effectiveState(recorded, shots);
    return view(row, state, row.budgetUsd(), row.spendUsd(), row.estimatedCostUsd(), shots,
        outputs(entry.outputs()), row.detail(), "catalog");
  }

  private ShotView shotView(ShotStatus status) {
    return new ShotView(status.id(), stageValue(status.stage()), orZero(status.spendUsd()), status.detail(),
        status.takes().stream().map(this::takeView).toList(),
        pending(status.id(), status.pendingReviews()));
  }

  private StoryboardView view(StoryboardRow row, StoryboardState state, BigDecimal budget, BigDecimal spend,
      BigDecimal estimate, List<ShotView> shots, OutputsView outputs, String detail, String source) {
    List<PendingReviewView> pending = shots.stream().flatMap(s -> s.pendingReviews().stream()).toList();
    return new StoryboardView(row.id(), row.title(), row.workflowId(), state, budget, spend, estimate,
        percent(state, shots), shots, pending, outputs, detail, source, row.createdAt(), row.updatedAt());
  }

  /** Awaiting review when anything is pending, paused when a shot waits for budget or was paused. */
  static StoryboardState effectiveState(StoryboardState state, List<ShotView> shots) {
    if (state != StoryboardState.RUNNING && state != StoryboardState.AWAITING_REVIEW
        && state != StoryboardState.PAUSED) {
      return state;
    }
    if (shots.stream().anyMatch(s -> !s.pendingReviews().isEmpty())) {
      return StoryboardState.AWAITING_REVIEW;
    }
    if (shots.stream().anyMatch(s -> PAUSING_STAGES.contains(s.stage()))) {
      return StoryboardState.PAUSED;
    }
    return state == StoryboardState.AWAITING_REVIEW ? StoryboardState.RUNNING : state;
  }

  /** Each shot counts by how far along its pipeline it is; the last 5% is assembly. */
  static int percent(StoryboardState state, List<ShotView> shots) {
    if (state == StoryboardState.COMPLETED) {
      return 100;
    }
    if (shots.isEmpty()) {
      return 0;
    }
    double sum = 0;
    for (ShotView shot : shots) {
      sum += shotFraction(shot.stage());
    }
    return (int) Math.floor(95 * sum / shots.size());
  }

  private static double shotFraction(String stage) {
    if (ShotStage.SKIPPED.value().equals(stage) || ShotStage.DONE.value().equals(stage)) {
      return 1;
    }
    for (int i = 0; i < PROGRESSION.size(); i++) {
      if (PROGRESSION.get(i).value().equals(stage)) {
        return (double) i / (PROGRESSION.size() - 1);
      }
    }
    return 0;
  }

  private static StoryboardState closedState(WorkflowExecutionStatus status) {
    return switch (status) {
      case WORKFLOW_EXECUTION_STATUS_COMPLETED -> StoryboardState.COMPLETED;
      case WORKFLOW_EXECUTION_STATUS_CANCELED -> StoryboardState.CANCELLED;
      default -> StoryboardState.FAILED;
    };
  }

  private static StoryboardState recordedState(StoryboardRow row) {
    return StoryboardState.valueOf(row.state().toUpperCase(java.util.Locale.ROOT));
  }

  private static boolean terminal(StoryboardState state) {
    return state.terminal();
  }

  private static List<PendingReviewView> pending(String shotId, List<PendingReview> reviews) {
    if (reviews == null) {
      return List.of();
    }
    return reviews.stream()
        .map(r -> new PendingReviewView(shotId != null ? shotId : Subjects.shotOf(r.subject()), r.subject(),
            r.takes() != null ? r.takes() : List.of(), r.since(), r.deadline(), r.reason()))
        .toList();
  }

  private static Map<String, List<TakeRow>> takesByShot(StoryboardCatalog.Entry entry) {
    return entry.takes().stream().collect(Collectors.groupingBy(TakeRow::shotId, LinkedHashMap::new,
        Collectors.toList()));
  }

  private TakeView takeView(Take t) {
    return new TakeView(t.id(), t.subject(), t.kind(), url(t.asset()), t.provider(), t.costUsd(),
        t.prompt(), t.approved(), t.route());
  }

  private TakeView takeView(TakeRow t) {
    return new TakeView(t.takeId(), t.subject(), t.kind(), url(t.assetId()), t.provider(), t.costUsd(),
        t.prompt(), t.approved(), t.route());
  }

  @Nullable
  private OutputsView outputs(@Nullable AssemblyResult r) {
    if (r == null || r.finalCut() == null) {
      return null;
    }
    return new OutputsView(url(r.finalCut()), url(r.timelineOtio()), url(r.cutEdl()),
        url(r.cutFcpxml()), url(r.contactSheet()), url(r.manifest()),
        r.durationSeconds(), files(r));
  }

  private Map<String, String> files(AssemblyResult r) {
    Map<String, String> files = new TreeMap<>();
    if (r.media() != null) {
      r.media().forEach((path, ref) -> files.put(path, url(ref)));
    }
    return files;
  }

  /** Where a viewer of the status fetches an asset (see {@link AssetLinks#view}); null for none. */
  @Nullable
  private String url(@Nullable String assetId) {
    return assetId == null ? null : links.view(assetId);
  }

  @Nullable
  private String url(@Nullable AssetRef asset) {
    return asset == null ? null : url(asset.id());
  }

  private static String stageValue(ShotStage stage) {
    return stage != null ? stage.value() : QUEUED;
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value != null ? value : BigDecimal.ZERO;
  }
}
