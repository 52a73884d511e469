package io.shotflow.workflows.storyboard;

import io.shotflow.media.AssetRef;
import io.shotflow.review.Subjects;
import io.shotflow.shot.CharacterReferences;
import io.shotflow.shot.ShotResult;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.Take;
import io.shotflow.spec.CharacterSpec;
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
 * known; a shot whose end frame is {@code to} another shot starts once that shot's start keyframe is approved; a shot
 * with characters starts once their sheets are approved. A shot is skipped when what it waits for ended without it.
 * Character sheets have no dependencies and start first. Tracks each shot and sheet from waiting to its outcome, in
 * storyboard order (sheets first); the workflow starts the children and reports what ends here.
 */
final class ShotScheduler {

  /** What to do next with a shot that has not started. */
  sealed interface Step permits Start, EndUnstarted {}

  /**
   * Start the shot's child: {@code startFrom} is the last frame its {@code from} start names, {@code endFrom} the last
   * frame its {@code from} end names or the start keyframe its {@code to} end names, {@code continued} whether another
   * shot continues from this one, {@code endedOn} whether another ends on its start keyframe, {@code characters} the
   * approved references of its characters. For a sheet, {@code sheet} is its character and {@code shot} names it.
   */
  record Start(ShotSpec shot, String workflowId, AssetRef startFrom, AssetRef endFrom, boolean continued,
      boolean endedOn, List<CharacterReferences> characters, CharacterSpec sheet) implements Step {

    Start(ShotSpec shot, String workflowId, AssetRef startFrom, AssetRef endFrom, boolean continued) {
      this(shot, workflowId, startFrom, endFrom, continued, false, List.of(), null);
    }
  }

  /** The shot will never start; it ended with {@code outcome} for {@code reason}. */
  record EndUnstarted(String shotId, ShotStage outcome, String reason) implements Step {}

  /**
   * A shot that has not started, waiting for the last frames of {@code sources}, the start keyframes of
   * {@code targets} and the sheets of {@code characters}.
   */
  record Waiting(String shotId, List<String> sources, List<String> targets, List<String> characters) {

    Waiting(String shotId, List<String> sources) {
      this(shotId, sources, List.of(), List.of());
    }
  }

  /**
   * A finished child applied: its outcome, what it spent (null: nothing), and whether it cancelled the storyboard
   * (its review passed a deadline whose policy is cancel).
   */
  record Settlement(ShotStage outcome, BigDecimal spend, boolean cancelsStoryboard) {}

  /** What the storyboard knows of one shot. */
  static final class ShotState {
    private final ShotSpec spec;
    private final String workflowId;
    /** The character a sheet makes references of; null for a shot. */
    private final CharacterSpec sheet;
    private boolean started;
    private boolean waitingReported;
    private ShotResult result;
    private RuntimeException failure;
    private boolean settled;
    private ShotStage outcome;
    /** Why a shot that never started ended. */
    private String reason;

    private ShotState(ShotSpec spec, String workflowId, CharacterSpec sheet) {
      this.spec = spec;
      this.workflowId = workflowId;
      this.sheet = sheet;
    }

    boolean isSheet() {
      return sheet != null;
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
  /** Approved start keyframes, by the shot they start. */
  private final Map<String, AssetRef> keyframes = new LinkedHashMap<>();
  /** Approved references, by character id. */
  private final Map<String, CharacterReferences> sheets = new LinkedHashMap<>();
  /** Shots another shot continues from. */
  private final Set<String> continued = new HashSet<>();
  /** Shots another shot ends on. */
  private final Set<String> endedOn = new HashSet<>();
  private boolean cancelling;

  ShotScheduler(String storyboardId, List<ShotSpec> specs) {
    this(storyboardId, specs, List.of());
  }

  ShotScheduler(String storyboardId, List<ShotSpec> specs, List<CharacterSpec> characters) {
    for (CharacterSpec character : characters) {
      ShotSpec names = sheetShot(character);
      shots.put(names.id(), new ShotState(names, WorkflowIds.shot(storyboardId, names.id()), character));
    }
    for (ShotSpec shot : specs) {
      shots.put(shot.id(), new ShotState(shot, WorkflowIds.shot(storyboardId, shot.id()), null));
      continued.addAll(sources(shot));
      endedOn.addAll(targets(shot));
    }
  }

  /** The shot a character's sheet runs as: {@code character:<id>}, its name as prompt, no frames of its own. */
  static ShotSpec sheetShot(CharacterSpec character) {
    String name = character.name() == null ? character.id() : character.name();
    return new ShotSpec(Subjects.sheet(character.id()), "Character " + name, null, null, null, null, null, null,
        null);
  }

  /** The shots whose start keyframe this shot ends on ({@code end_frame: { to: ... }}). */
  static List<String> targets(ShotSpec shot) {
    return shot.endFrame() != null && shot.endFrame().isTo() ? List.of(shot.endFrame().to()) : List.of();
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
    if (s.isSheet()) {
      return new Start(s.spec, s.workflowId, null, null, false, false, List.of(), s.sheet);
    }
    List<String> sources = sources(s.spec);
    List<String> targets = targets(s.spec);
    List<String> characters = s.spec.characters();
    String lost = sources.stream()
        .filter(src -> !frames.containsKey(src) && shots.get(src).outcome != null)
        .findFirst().orElse(null);
    if (lost != null) {
      return new EndUnstarted(s.id(), ShotStage.SKIPPED,
          "skipped: continues from shot " + lost + ", which ended " + shots.get(lost).outcome.value());
    }
    String lostTarget = targets.stream()
        .filter(t -> !keyframes.containsKey(t) && shots.get(t).outcome != null)
        .findFirst().orElse(null);
    if (lostTarget != null) {
      return new EndUnstarted(s.id(), ShotStage.SKIPPED, "skipped: ends on the start keyframe of shot " + lostTarget
          + ", which ended " + shots.get(lostTarget).outcome.value() + " without one");
    }
    String lostCharacter = characters.stream()
        .filter(c -> !sheets.containsKey(c) && shots.get(Subjects.sheet(c)).outcome != null)
        .findFirst().orElse(null);
    if (lostCharacter != null) {
      return new EndUnstarted(s.id(), ShotStage.SKIPPED, "skipped: shows character " + lostCharacter
          + ", whose references ended " + shots.get(Subjects.sheet(lostCharacter)).outcome.value());
    }
    if (sources.stream().allMatch(frames::containsKey) && targets.stream().allMatch(keyframes::containsKey)
        && characters.stream().allMatch(sheets::containsKey)) {
      return new Start(s.spec, s.workflowId, frameOf(s.spec.startFrame()), frameOf(s.spec.endFrame()),
          continued.contains(s.id()), endedOn.contains(s.id()), characters.stream().map(sheets::get).toList(), null);
    }
    return null;
  }

  private AssetRef frameOf(FrameSpec frame) {
    if (frame != null && frame.isTo()) {
      return keyframes.get(frame.to());
    }
    return frame != null && frame.isFrom() ? frames.get(frame.from()) : null;
  }

  /** The shots that wait for another's last frame and were not reported waiting yet; each is reported once. */
  List<Waiting> newlyWaiting() {
    List<Waiting> waiting = new ArrayList<>();
    for (ShotState s : shots.values()) {
      if (!s.started && s.outcome == null && !s.waitingReported) {
        s.waitingReported = true;
        waiting.add(new Waiting(s.id(), sources(s.spec), targets(s.spec), s.spec.characters()));
      }
    }
    return waiting;
  }

  /** A shot's last frame is known: shots continuing from it may start. */
  void frameReady(String shotId, AssetRef lastFrame) {
    frames.put(shotId, lastFrame);
  }

  /** A shot's start keyframe is approved: shots ending on it may start. */
  void keyframeReady(String shotId, AssetRef keyframe) {
    keyframes.put(shotId, keyframe);
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
    if (s.isSheet() && s.outcome == ShotStage.DONE) {
      sheets.put(s.sheet.id(), new CharacterReferences(s.sheet.id(), s.sheet.name(), s.result.references(),
          s.sheet.voiceId()));
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

  /** How many shots (not sheets) the storyboard has. */
  long shotCount() {
    return shots.values().stream().filter(s -> !s.isSheet()).count();
  }

  /** Shots (not sheets) that ended done. */
  long done() {
    return shots.values().stream().filter(s -> !s.isSheet() && s.outcome == ShotStage.DONE).count();
  }

  /** Actual spend of the shots that finished (what their takes cost). */
  BigDecimal spend() {
    return shots.values().stream().filter(s -> s.result != null).map(s -> s.result.spendUsd())
        .filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** The shots that ended done, in storyboard order, with their approved takes: what the final cut assembles. */
  List<AssemblyRequest.Shot> cut() {
    return cut(shot -> null);
  }

  /** As {@link #cut()}, each shot naming the model {@code modelOf} says it was made with. */
  List<AssemblyRequest.Shot> cut(java.util.function.Function<ShotSpec, String> modelOf) {
    List<AssemblyRequest.Shot> cut = new ArrayList<>();
    for (ShotState s : shots.values()) {
      if (s.outcome == ShotStage.DONE && !s.isSheet()) {
        ShotResult r = s.result;
        List<Take> approved = r.takes().stream().filter(Take::approved).toList();
        cut.add(new AssemblyRequest.Shot(s.id(), s.spec.prompt(), r.video(), r.durationSeconds(), approved,
            r.decisions(), r.takes(), s.spec.dialogue() != null, modelOf.apply(s.spec)));
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
