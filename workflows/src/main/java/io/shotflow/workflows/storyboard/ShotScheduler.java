package io.shotflow.workflows.storyboard;

import io.shotflow.media.AssetRef;
import io.shotflow.shot.ShotResult;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.Take;
import io.shotflow.spec.FrameSpec;
import io.shotflow.spec.ShotSpec;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.temporal.WorkflowIds;
import io.temporal.failure.CanceledFailure;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which of a storyboard's shots start when: a shot that continues from another's last frame starts once that frame is
 * known, and is skipped when that shot ended without one. Tracks each shot from waiting to its outcome, in storyboard
 * order; the workflow starts the children and reports what ends here.
 */
final class ShotScheduler {

  /** What to do next with a shot that has not started. */
  sealed interface Step permits Start, EndUnstarted {}

  /**
   * Start the shot's child: {@code startFrom}/{@code endFrom} are the last frames its {@code from} keyframes name,
   * {@code continued} whether another shot continues from this one.
   */
  record Start(ShotSpec shot, String workflowId, AssetRef startFrom, AssetRef endFrom, boolean continued)
      implements Step {}

  /** The shot will never start; it ended with {@code outcome} for {@code reason}. */
  record EndUnstarted(String shotId, ShotStage outcome, String reason) implements Step {}

  /** A shot that has started waiting for the last frames of {@code sources}. */
  record Waiting(String shotId, List<String> sources) {}

  /**
   * A finished child applied: its outcome, what it spent (null: nothing), and whether it cancelled the storyboard
   * (its review passed a deadline whose policy is cancel).
   */
  record Settlement(ShotStage outcome, BigDecimal spend, boolean cancelsStoryboard) {}

  /** What the storyboard knows of one shot. */
  static final class ShotState {
    private final ShotSpec spec;
    private final String workflowId;
    private boolean started;
    private boolean waitingReported;
    private ShotResult result;
    private RuntimeException failure;
    private boolean settled;
    private ShotStage outcome;
    /** Why a shot that never started ended. */
    private String reason;

    private ShotState(ShotSpec spec, String workflowId) {
      this.spec = spec;
      this.workflowId = workflowId;
    }

    String id() {
      return spec.id();
    }

    String workflowId() {
      return workflowId;
    }

    boolean started() {
      return started;
    }

    /** The outcome once settled (or ended unstarted), else null. */
    ShotStage outcome() {
      return outcome;
    }

    /** Why a shot that never started ended, else null. */
    String reason() {
      return reason;
    }

    boolean running() {
      return started && outcome == null;
    }
  }

  private final Map<String, ShotState> shots = new LinkedHashMap<>();
  /** Last frames known, by the shot they end. */
  private final Map<String, AssetRef> frames = new LinkedHashMap<>();
  /** Shots another shot continues from. */
  private final Set<String> continued = new HashSet<>();
  private boolean cancelling;

  ShotScheduler(String storyboardId, List<ShotSpec> specs) {
    for (ShotSpec shot : specs) {
      shots.put(shot.id(), new ShotState(shot, WorkflowIds.shot(storyboardId, shot.id())));
      continued.addAll(sources(shot));
    }
  }

  /** The shots whose last frame this shot starts or ends on. */
  static List<String> sources(ShotSpec shot) {
    return Stream.of(shot.startFrame(), shot.endFrame())
        .filter(Objects::nonNull).filter(FrameSpec::isFrom).map(FrameSpec::from).distinct().toList();
  }

  /** Every shot in storyboard order. */
  Collection<ShotState> shots() {
    return Collections.unmodifiableCollection(shots.values());
  }

  /**
   * Decides, in storyboard order and until nothing more changes, which waiting shots start and which never will: every
   * one once the storyboard is cancelling, one whose source ended without a last frame. The steps are marked here;
   * the caller carries them out in the order given.
   */
  List<Step> advance() {
    List<Step> steps = new ArrayList<>();
    boolean progress = true;
    while (progress) {
      progress = false;
      for (ShotState s : shots.values()) {
        if (s.started || s.outcome != null) {
          continue;
        }
        Step step = decide(s);
        if (step instanceof EndUnstarted end) {
          s.outcome = end.outcome();
          s.reason = end.reason();
        } else if (step != null) {
          s.started = true;
        }
        if (step != null) {
          steps.add(step);
          progress = true;
        }
      }
    }
    return steps;
  }

  private Step decide(ShotState s) {
    if (cancelling) {
      return new EndUnstarted(s.id(), ShotStage.CANCELLED, "not started: the storyboard was cancelled");
    }
    List<String> sources = sources(s.spec);
    String lost = sources.stream()
        .filter(src -> !frames.containsKey(src) && shots.get(src).outcome != null)
        .findFirst().orElse(null);
    if (lost != null) {
      return new EndUnstarted(s.id(), ShotStage.SKIPPED,
          "skipped: continues from shot " + lost + ", which ended " + shots.get(lost).outcome.value());
    }
    if (sources.stream().allMatch(frames::containsKey)) {
      return new Start(s.spec, s.workflowId, frameOf(s.spec.startFrame()), frameOf(s.spec.endFrame()),
          continued.contains(s.id()));
    }
    return null;
  }

  private AssetRef frameOf(FrameSpec frame) {
    return frame != null && frame.isFrom() ? frames.get(frame.from()) : null;
  }

  /** The shots that wait for another's last frame and were not reported waiting yet; each is reported once. */
  List<Waiting> newlyWaiting() {
    List<Waiting> waiting = new ArrayList<>();
    for (ShotState s : shots.values()) {
      if (!s.started && s.outcome == null && !s.waitingReported) {
        s.waitingReported = true;
        waiting.add(new Waiting(s.id(), sources(s.spec)));
      }
    }
    return waiting;
  }

  /** A shot's last frame is known: shots continuing from it may start. */
  void frameReady(String shotId, AssetRef lastFrame) {
    frames.put(shotId, lastFrame);
  }

  /** A child finished, with its result or its failure; {@link #settle} applies it. */
  void finished(String shotId, ShotResult result, RuntimeException failure) {
    ShotState s = shots.get(shotId);
    s.result = result;
    s.failure = failure;
  }

  /** The shots that finished and are not settled yet, in storyboard order. */
  List<String> unsettled() {
    return shots.values().stream().filter(s -> !s.settled && (s.result != null || s.failure != null))
        .map(ShotState::id).toList();
  }

  /**
   * Applies a finished child: its outcome and last frame (a frame it signalled earlier stays). A child cancelled
   * because the storyboard is cancelling ends cancelled; any other failure is thrown, to fail the storyboard.
   */
  Settlement settle(String shotId) {
    ShotState s = shots.get(shotId);
    s.settled = true;
    if (s.failure != null) {
      if (cancelling && s.failure.getCause() instanceof CanceledFailure) {
        s.outcome = ShotStage.CANCELLED;
        return new Settlement(ShotStage.CANCELLED, BigDecimal.ZERO, false);
      }
      throw s.failure;
    }
    s.outcome = s.result.outcome();
    if (s.result.lastFrame() != null) {
      frames.putIfAbsent(shotId, s.result.lastFrame());
    }
    boolean cancels = s.outcome == ShotStage.CANCELLED && !cancelling;
    cancelling |= cancels;
    return new Settlement(s.outcome, s.result.spendUsd(), cancels);
  }

  /** Whether a shot cancelled the storyboard: what has not started never will, what runs is being cancelled. */
  boolean cancelling() {
    return cancelling;
  }

  /** The shots started and not settled, in storyboard order. */
  List<String> running() {
    return shots.values().stream().filter(ShotState::running).map(ShotState::id).toList();
  }

  boolean allEnded() {
    return shots.values().stream().allMatch(s -> s.outcome != null);
  }

  long done() {
    return shots.values().stream().filter(s -> s.outcome == ShotStage.DONE).count();
  }

  /** Actual spend of the shots that finished (what their takes cost). */
  BigDecimal spend() {
    return shots.values().stream().filter(s -> s.result != null).map(s -> s.result.spendUsd())
        .filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** The shots that ended done, in storyboard order, with their approved takes: what the final cut assembles. */
  List<AssemblyRequest.Shot> cut() {
    List<AssemblyRequest.Shot> cut = new ArrayList<>();
    for (ShotState s : shots.values()) {
      if (s.outcome == ShotStage.DONE) {
        ShotResult r = s.result;
        List<Take> approved = r.takes().stream().filter(Take::approved).toList();
        cut.add(new AssemblyRequest.Shot(s.id(), s.spec.prompt(), r.video(), r.durationSeconds(), approved,
            r.decisions(), r.takes(), s.spec.dialogue() != null));
      }
    }
    return cut;
  }

  /** The skipped shots, each with why: "b (skipped: continues from shot a, which ended failed)". */
  List<String> skipped() {
    return shots.values().stream().filter(s -> s.outcome == ShotStage.SKIPPED)
        .map(s -> s.reason == null ? s.id() : s.id() + " (" + s.reason + ")").toList();
  }
}
