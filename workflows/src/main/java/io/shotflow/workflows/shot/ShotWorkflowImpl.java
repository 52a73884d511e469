package io.shotflow.workflows.shot;

import io.shotflow.activity.MediaActivities.JoinRequest;
import io.shotflow.media.AssetRef;
import io.shotflow.media.VideoFormat;
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
    for (int n = 1; n <= shot.extend().size(); n++) {
      status.enter(PipelineStep.EXTEND);
      String prompt = shot.extend().get(n - 1).prompt();
      if (generations.extendsNatively(last)) {
        last = loop.produce(generations.nativeExtend(n, last), prompt);
        // the provider answers with the whole extended video, which takes the place of the clips so far
        clips.clear();
      } else {
        AssetRef lastFrame = ActivityStubs.media("last frame of " + last.id() + " for extend " + n)
            .extractLastFrame(last.asset());
        last = loop.produce(generations.extend(n, lastFrame, last.asset()), prompt);
      }
      clips.add(last.asset());
    }
    StoryboardSettings settings = input.settings();
    AssetRef video = clips.size() == 1 ? clips.get(0)
        : ActivityStubs.media("join " + clips.size() + " clips of shot " + shot.id())
            .joinClips(new JoinRequest(clips, new VideoFormat(settings.width(), settings.height(), settings.fps())));

    AssetRef continuity = null;
    if (input.reportLastFrame()) {
      continuity = ActivityStubs.media("last frame of " + last.id() + " for continuity").extractLastFrame(last.asset());
      effects.continuityFrameReady(continuity);
    }
    if (shot.lipSynced()) {
      status.enter(PipelineStep.LIP_SYNC);
      video = loop.produce(generations.lipSync(video, clips.size() == 1 ? last : null), shot.prompt()).asset();
    }
    finish(ShotStage.DONE, "done");
    return new ShotResult(shot.id(), ShotStage.DONE, video, continuity, shot.totalSeconds(), takes.all(),
        gates.decisions(), budget.spent());
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
