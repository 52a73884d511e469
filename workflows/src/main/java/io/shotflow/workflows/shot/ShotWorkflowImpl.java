package io.shotflow.workflows.shot;

import io.shotflow.activity.MediaActivities.DialogueCut;
import io.shotflow.activity.MediaActivities.JoinRequest;
import io.shotflow.media.AssetRef;
import io.shotflow.media.VideoFormat;
import io.shotflow.provider.LipSyncPlan;
import io.shotflow.provider.ProviderJobChanged;
import io.shotflow.review.ReviewDecision;
import io.shotflow.shot.ShotInput;
import io.shotflow.shot.ShotResult;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.ShotStatus;
import io.shotflow.shot.ShotWorkflow;
import io.shotflow.shot.SpendGrant;
import io.shotflow.shot.StoryboardSettings;
import io.shotflow.shot.Take;
import io.shotflow.spec.DialogueSpec;
import io.shotflow.spec.CharacterSpec;
import io.shotflow.spec.FrameSpec;
import io.shotflow.spec.ShotSpec;
import io.shotflow.workflows.activity.ActivityStubs;
import io.shotflow.workflows.activity.Failures;
import io.shotflow.workflows.catalog.CatalogWriter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * One shot: keyframes (generated ones reviewed), clip takes and their review, extend steps, the join, the continuity
 * frame for later shots, and lip-sync. Each generation ({@link GenerationRequests}) runs the take/review loop
 * ({@link TakeLoop}): every take is a submit + await pair on the provider's task queue, failing over while a provider
 * is down ({@link ProviderRouter}); every gate waits for a reviewer up to the storyboard's deadline
 * ({@link ReviewGates}); a provider failure that needs a human waits for a decision; spending beyond the shot's
 * allowance asks the storyboard first ({@link ShotBudget}). The parts hold the state and make the decisions; the
 * Temporal side is {@link ShotEffects}, {@link WorkflowWaits} and {@link ProviderActivityCalls}.
 */
public class ShotWorkflowImpl implements ShotWorkflow {

  private static final Logger log = Workflow.getLogger(ShotWorkflowImpl.class);

  private final ShotInput input;
  private final ShotSpec shot;
  private final ShotEffects effects;
  private final GenerationRequests generations;
  private final ShotTakes takes = new ShotTakes();
  private final ReviewGates gates;
  private final ShotBudget budget;
  private final ShotStatusPublisher status;
  private final TakeLoop loop;
  private final JobSignals jobSignals = new JobSignals();

  @WorkflowInit
  public ShotWorkflowImpl(ShotInput input) {
    this.input = input;
    this.shot = input.shot();
    StoryboardSettings settings = input.settings();
    effects = new ShotEffects(input.storyboardId(), shot.id(), input.parentWorkflowId());
    generations = new GenerationRequests(input.storyboardId(), shot, settings, input.capabilities(),
        input.characters());
    gates = new ReviewGates(input.storyboardId(), shot.id(), settings.review());
    budget = new ShotBudget(input.allowanceUsd(), input.rateCard(), input.capabilities());
    status = new ShotStatusPublisher(input.storyboardId(), shot.id(), takes, gates, budget, effects);
    ProviderRouter router = new ProviderRouter(settings.fallbackProviders(), input.capabilities(),
        Workflow::currentTimeMillis, new ProviderActivityCalls(settings.providerQueueWait(), jobSignals,
            (summary, job, since, check) -> status.publish(JobWaitDetail.of(summary, job, since,
                Workflow.currentTimeMillis(), check.providerStatus()))));
    loop = new TakeLoop(shot.id(), takes, gates, budget, router, status, effects, new WorkflowWaits(), log);
  }

  @Override
  public ShotResult run(ShotInput ignored) {
    effects.started(input.settings().provider());
    try {
      return produceAndEnd();
    } catch (CanceledFailure e) {
      CatalogWriter.recordCancel(() -> {
        finish(ShotStage.CANCELLED, "cancelled");
        effects.flush();
      });
      throw e;
    }
  }

  private ShotResult produceAndEnd() {
    try {
      status.publish();
      ShotResult result = produceShot();
      Workflow.await(Workflow::isEveryHandlerFinished);
      effects.flush();
      return result;
    } catch (ShotEnded end) {
      finish(end.outcome(), end.getMessage());
      Workflow.await(Workflow::isEveryHandlerFinished);
      effects.flush();
      return new ShotResult(shot.id(), end.outcome(), null, null, 0, takes.all(), gates.decisions(), budget.spent());
    } catch (CanceledFailure e) {
      throw e;
    } catch (TemporalFailure e) {
      finish(ShotStage.FAILED, "failed: " + Failures.rootCause(e));
      effects.flush();
      throw e;
    }
  }

  private ShotResult produceShot() {
    if (input.sheet() != null) {
      return produceSheet(input.sheet());
    }
    Promise<AssetRef> start = keyframe("start", shot.startFrame(), input.startFrom());
    if (input.reportStartKeyframe()) {
      // a shot ending on this start keyframe may start the moment it is approved, before this shot's end keyframe
      start = reportWhenReady(start);
    }
    Promise<AssetRef> end = shot.endFrame() == null ? Workflow.newPromise(null)
        : keyframe("end", shot.endFrame(), input.endFrom());
    Promise.allOf(start, end).get();

    status.enter(PipelineStep.CLIP);
    Take last = loop.produce(generations.clip(start.get(), end.get()), shot.prompt());
    List<AssetRef> clips = new ArrayList<>(List.of(last.asset()));
    // the take behind each of clips, for a lip-sync that names a provider's own video
    List<Take> made = new ArrayList<>(List.of(last));
    for (int n = 1; n <= shot.extend().size(); n++) {
      status.enter(PipelineStep.EXTEND);
      String prompt = shot.extend().get(n - 1).prompt();
      if (generations.extendsNatively(last)) {
        last = loop.produce(generations.nativeExtend(n, last), prompt);
        // the provider answers with the whole extended video, which takes the place of the clips so far
        clips.clear();
        made.clear();
      } else {
        AssetRef lastFrame = ActivityStubs.media("last frame of " + last.id() + " for extend " + n)
            .extractLastFrame(last.asset());
        last = loop.produce(generations.extend(n, lastFrame, last.asset()), prompt);
      }
      clips.add(last.asset());
      made.add(last);
    }
    AssetRef continuity = null;
    if (input.reportLastFrame()) {
      continuity = ActivityStubs.media("last frame of " + last.id() + " for continuity").extractLastFrame(last.asset());
      effects.continuityFrameReady(continuity);
    }
    AssetRef video;
    if (shot.lipSynced()) {
      status.enter(PipelineStep.LIP_SYNC);
      video = lipSync(clips, made);
    } else {
      video = join(clips, "clips of shot " + shot.id());
    }
    finish(ShotStage.DONE, "done");
    return new ShotResult(shot.id(), ShotStage.DONE, video, continuity, shot.totalSeconds(), takes.all(),
        gates.decisions(), budget.spent());
  }

  /** {@code videos} as one video in the storyboard's format (one is itself). */
  private AssetRef join(List<AssetRef> videos, String what) {
    StoryboardSettings settings = input.settings();
    return videos.size() == 1 ? videos.get(0) : ActivityStubs.media("join " + videos.size() + " " + what)
        .joinClips(new JoinRequest(videos, new VideoFormat(settings.width(), settings.height(), settings.fps())));
  }

  /**
   * The shot's lip-sync on its {@link LipSyncPlan}: one generation of the whole {@code video}, or, split at its clip
   * boundaries, one generation per segment the dialogue reaches, joined back with the segments it does not. A
   * recording is measured first when the plan needs its length (a split, or a line that starts later), and each
   * call gets the piece of it heard over its video. {@code clips}: the shot's videos ({@code made}: their takes).
   */
  private AssetRef lipSync(List<AssetRef> clips, List<Take> made) {
    DialogueSpec dialogue = shot.dialogue();
    boolean separateClips = clips.size() == shot.extend().size() + 1;
    LipSyncPlan plan = generations.lipSyncPlan(separateClips, null);
    AssetRef recording = dialogue.audio() == null ? null : AssetRef.fromUri(dialogue.audio());
    if (recording != null && (!plan.whole() || dialogue.startSeconds() > 0)) {
      double seconds = ActivityStubs.media("length of the dialogue of shot " + shot.id()).audioSeconds(recording);
      plan = generations.lipSyncPlan(separateClips, seconds);
    }
    if (plan.whole()) {
      AssetRef video = join(clips, "clips of shot " + shot.id());
      AssetRef piece = piece(recording, plan.segments().get(0), 0);
      Take source = clips.size() == 1 ? made.get(0) : null;
      return loop.produce(generations.lipSync(plan.provider(), video, piece, source), shot.prompt()).asset();
    }
    List<AssetRef> parts = new ArrayList<>();
    for (int n = 1; n <= plan.segments().size(); n++) {
      LipSyncPlan.Segment segment = plan.segments().get(n - 1);
      List<AssetRef> segmentClips = clips.subList(segment.firstClip(), segment.lastClip() + 1);
      AssetRef segmentVideo = join(segmentClips, "clips of segment " + n + " of shot " + shot.id());
      if (!segment.speaks()) {
        parts.add(segmentVideo);
        continue;
      }
      Take source = segmentClips.size() == 1 ? made.get(segment.firstClip()) : null;
      parts.add(loop.produce(generations.lipSyncSegment(n, plan.provider(), segmentVideo, piece(recording, segment, n),
          segment.seconds(), source), shot.prompt()).asset());
    }
    return join(parts, "lip-sync segments of shot " + shot.id());
  }

  /** The piece of {@code recording} the plan sends with {@code segment} (null: the recording as given). */
  private AssetRef piece(AssetRef recording, LipSyncPlan.Segment segment, int n) {
    if (recording == null || segment.audio() == null) {
      return null;
    }
    return ActivityStubs.media("dialogue of shot " + shot.id() + (n == 0 ? "" : " for segment " + n))
        .cutDialogue(new DialogueCut(recording, segment.audio().offsetSeconds(), segment.audio().seconds()));
  }

  /**
   * A character's sheet: each reference generated (and reviewed, as {@code character:<id>:<n>}) from its prompt in
   * its own thread, or the given image; the approved references return in the order the spec lists them.
   */
  private ShotResult produceSheet(CharacterSpec character) {
    status.enter(PipelineStep.KEYFRAMES);
    List<Promise<AssetRef>> made = new ArrayList<>();
    for (int n = 1; n <= character.references().size(); n++) {
      FrameSpec reference = character.references().get(n - 1);
      if (reference.isPrompt()) {
        Generation generation = generations.characterReference(character.id(), n);
        made.add(Async.function(() -> loop.produce(generation, reference.prompt()).asset()));
      } else {
        made.add(Workflow.newPromise(AssetRef.fromUri(reference.image())));
      }
    }
    Promise.allOf(made).get();
    List<AssetRef> references = made.stream().map(Promise::get).toList();
    finish(ShotStage.DONE, "done: " + references.size() + " reference" + (references.size() == 1 ? "" : "s"));
    return new ShotResult(shot.id(), ShotStage.DONE, null, null, 0, takes.all(), gates.decisions(), budget.spent(),
        references);
  }

  /** {@code keyframe}, told to the storyboard as soon as it is approved. */
  private Promise<AssetRef> reportWhenReady(Promise<AssetRef> keyframe) {
    return Async.function(() -> {
      AssetRef approved = keyframe.get();
      effects.startKeyframeReady(approved);
      return approved;
    });
  }

  /**
   * A keyframe: generated (and reviewed) from a prompt in its own thread, the given image, or the frame the storyboard
   * passed: another shot's last frame ({@code from}) or start keyframe ({@code to}).
   */
  private Promise<AssetRef> keyframe(String which, FrameSpec frame, AssetRef continuityFrame) {
    if (frame.isPrompt()) {
      Generation generation = generations.keyframe(which);
      return Async.function(() -> loop.produce(generation, frame.prompt()).asset());
    }
    if (frame.isImage()) {
      return Workflow.newPromise(AssetRef.fromUri(frame.image()));
    }
    if (continuityFrame == null) {
      throw ApplicationFailure.newNonRetryableFailure(frame.isTo()
          ? "shot " + shot.id() + " ends on the start keyframe of shot " + frame.to() + " but the storyboard passed none"
          : "shot " + shot.id() + " continues from shot " + frame.from() + " but the storyboard passed no frame",
          "MissingContinuityFrame");
    }
    return Workflow.newPromise(continuityFrame);
  }

  @Override
  public void validateReview(ReviewDecision decision) {
    gates.requireApplicable(decision);
  }

  @Override
  public ShotStatus review(ReviewDecision decision) {
    effects.recordReview(gates.accept(decision));
    // return the state after the shot acted on the review (regenerating, the next stage, or done)
    Workflow.await(() -> !gates.hasAnswer(decision.subject()));
    return status();
  }

  @Override
  public void reviewSignal(ReviewDecision decision) {
    String problem = gates.problemWith(decision);
    if (problem != null) {
      log.warn("shot {}: ignored review signal: {}", shot.id(), problem);
    }
    effects.recordReview(problem == null ? gates.accept(decision) : gates.ignore(decision));
  }

  @Override
  public void providerJobChanged(ProviderJobChanged change) {
    jobSignals.changed(change);
  }

  @Override
  public void spendGranted(SpendGrant grant) {
    budget.answer(grant);
  }

  @Override
  public ShotStatus status() {
    return status.snapshot();
  }

  private void finish(ShotStage outcome, String why) {
    gates.closeAll();
    budget.stopAwaiting();
    status.finish(outcome, why);
  }
}
