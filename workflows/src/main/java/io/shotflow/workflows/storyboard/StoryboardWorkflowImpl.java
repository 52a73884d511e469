package io.shotflow.workflows.storyboard;

import io.shotflow.media.VideoFormat;
import io.shotflow.shot.ShotInput;
import io.shotflow.shot.ShotWorkflow;
import io.shotflow.shot.SpendGrant;
import io.shotflow.review.Subjects;
import io.shotflow.spec.CharacterSpec;
import io.shotflow.spec.ShotSpec;
import io.shotflow.spec.StoryboardSpec;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.storyboard.ContinuityFrame;
import io.shotflow.storyboard.SpendRequest;
import io.shotflow.storyboard.StartKeyframe;
import io.shotflow.storyboard.StoryboardInput;
import io.shotflow.storyboard.StoryboardResult;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.storyboard.StoryboardStatus;
import io.shotflow.storyboard.StoryboardWorkflow;
import io.shotflow.workflows.activity.ActivityStubs;
import io.shotflow.workflows.activity.Failures;
import io.shotflow.workflows.catalog.CatalogWriter;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * A storyboard: one child workflow per shot (a shot that continues from another starts once that shot's last
 * frame is known, one that ends on another's start keyframe once that keyframe is approved) and one per character's
 * sheet of references (a shot with characters starts once their references are approved), the budget shared by all shots, and the final assembly. Children send the parent only
 * continuity frames and spend requests, so a 500-shot storyboard stays well under 10,240 history events.
 *
 * <p>The decisions are in plain objects the workflow owns: {@link ShotScheduler} (which shot starts when),
 * {@link BudgetLedger} (what is committed, what is granted), {@link StoryboardPublisher} (what the storyboard shows)
 * and {@link ShotInputs} (what each child gets). This class waits, starts children, signals grants and assembles.
 */
public class StoryboardWorkflowImpl implements StoryboardWorkflow {

  private static final Logger log = Workflow.getLogger(StoryboardWorkflowImpl.class);

  private final String id;
  private final StoryboardSpec spec;
  private final ShotInputs inputs;
  private final ShotScheduler scheduler;
  private final BudgetLedger ledger;
  private final TemporalEffects effects = new TemporalEffects();
  private final StoryboardPublisher publisher;
  /** The scope each started child runs in, to cancel it when another shot cancels the storyboard. */
  private final Map<String, CancellationScope> scopes = new HashMap<>();
  /** A child finished, a frame arrived or a spend request came in since the main loop last looked. */
  private boolean changed;

  @WorkflowInit
  public StoryboardWorkflowImpl(StoryboardInput input) {
    this.id = input.storyboardId();
    this.spec = input.spec();
    this.inputs = new ShotInputs(input);
    this.scheduler = new ShotScheduler(id, spec.shots(), spec.characters());
    Map<String, BigDecimal> allowances = new LinkedHashMap<>();
    for (CharacterSpec character : spec.characters()) {
      allowances.put(Subjects.sheet(character.id()), inputs.allowance(character));
    }
    for (ShotSpec shot : spec.shots()) {
      allowances.put(shot.id(), inputs.allowance(shot));
    }
    this.ledger = new BudgetLedger(spec.budgetUsd(), allowances);
    this.publisher = new StoryboardPublisher(id, spec.title(), scheduler, ledger, effects);
  }

  @Override
  public StoryboardResult run(StoryboardInput ignored) {
    publisher.begin(spec.provider());
    try {
      return runAndEnd();
    } catch (CanceledFailure e) {
      CatalogWriter.recordCancel(() -> {
        publisher.detail("cancelled");
        end(StoryboardState.CANCELLED);
      });
      throw e;
    }
  }

  private StoryboardResult runAndEnd() {
    try {
      publisher.publish();
      runShots();
      if (scheduler.cancelling()) {
        return end(StoryboardState.CANCELLED);
      }
      assemble();
      return end(StoryboardState.COMPLETED);
    } catch (CanceledFailure e) {
      throw e;
    } catch (TemporalFailure e) {
      publisher.detail("failed: " + Failures.rootCause(e));
      end(StoryboardState.FAILED);
      throw e;
    }
  }

  /** Starts what can start, grants what fits, and settles finished shots until every shot has an outcome. */
  private void runShots() {
    while (true) {
      for (ShotScheduler.Step step : scheduler.advance()) {
        if (step instanceof ShotScheduler.Start start) {
          start(start);
        } else if (step instanceof ShotScheduler.EndUnstarted end) {
          ledger.release(end.shotId(), BigDecimal.ZERO);
          log.info("shot {} {}", end.shotId(), end.reason());
          publisher.shotEnded(end);
        }
      }
      scheduler.newlyWaiting().forEach(publisher::shotWaiting);
      grantWhatFits();
      if (scheduler.allEnded()) {
        return;
      }
      publisher.publish();
      Workflow.await(() -> changed);
      changed = false;
      for (String shotId : scheduler.unsettled()) {
        settle(shotId);
      }
    }
  }

  private void start(ShotScheduler.Start start) {
    String shotId = start.shot().id();
    ShotInput input = inputs.input(start, Workflow.getInfo().getWorkflowId(), ledger.allowance(shotId));
    ShotWorkflow child = Workflow.newChildWorkflowStub(ShotWorkflow.class, inputs.options(start));
    CancellationScope scope = Workflow.newCancellationScope(
        () -> Async.function(child::run, input).handle((result, failure) -> {
          scheduler.finished(shotId, result, failure);
          changed = true;
          return null;
        }));
    scopes.put(shotId, scope);
    scope.run();
  }

  /** Applies a finished child: its spend in place of its reservation, and a cancel of the rest if it asks for one. */
  private void settle(String shotId) {
    ledger.withdraw(shotId);
    ShotScheduler.Settlement settled = scheduler.settle(shotId);
    ledger.release(shotId, settled.spend());
    log.info("shot {} ended {}", shotId, settled.outcome().value());
    if (settled.cancelsStoryboard()) {
      publisher.detail("cancelled: a review of shot " + shotId + " passed its deadline (on_deadline: cancel)");
      for (String running : scheduler.running()) {
        scopes.get(running).cancel("shot " + shotId + " cancelled the storyboard");
      }
    }
  }

  /**
   * Grants held requests that fit under the budget, oldest first. The grants are decided before any signal
   * is sent, so the update handler and the main loop never grant the same request twice.
   */
  private void grantWhatFits() {
    List<SpendRequest> granted = ledger.grantWhatFits();
    if (!granted.isEmpty()) {
      publisher.publish();
    }
    for (SpendRequest r : granted) {
      log.info("storyboard {}: granted ${} to shot {} for {}", id, r.amountUsd(), r.shotId(), r.subject());
      Workflow.newExternalWorkflowStub(ShotWorkflow.class, r.shotWorkflowId()).spendGranted(new SpendGrant(r.seq(), true));
    }
  }

  private void assemble() {
    List<AssemblyRequest.Shot> cut = scheduler.cut(spec::modelOf);
    if (cut.isEmpty()) {
      publisher.detail("every shot was skipped: nothing to assemble");
      return;
    }
    publisher.detail("assembling " + shotCount(cut.size()));
    publisher.publish("assembling");
    publisher.assembled(ActivityStubs.assembly("assemble " + shotCount(cut.size()) + " of storyboard " + id)
        .assemble(new AssemblyRequest(id, spec.title(), new VideoFormat(spec.width(), spec.height(), spec.fps()),
            cut, ledger.budget(), scheduler.spend(), spec.loudnessLufs(), spec.model(), spec.tier(), spec.review())));
    List<String> skipped = scheduler.skipped();
    publisher.detail("assembled " + shotCount(cut.size())
        + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped: " + String.join("; ", skipped)));
  }

  private static String shotCount(int n) {
    return n + (n == 1 ? " shot" : " shots");
  }

  private StoryboardResult end(StoryboardState state) {
    publisher.end(state);
    Workflow.await(Workflow::isEveryHandlerFinished);
    effects.flush();
    return new StoryboardResult(id, state, publisher.outputs(), scheduler.spend(), publisher.detail());
  }

  // ---------------------------------------------------------------- signals, updates, query

  @Override
  public void continuityFrameReady(ContinuityFrame frame) {
    scheduler.frameReady(frame.shotId(), frame.lastFrame());
    changed = true;
  }

  @Override
  public void startKeyframeReady(StartKeyframe keyframe) {
    scheduler.keyframeReady(keyframe.shotId(), keyframe.keyframe());
    changed = true;
  }

  @Override
  public void requestSpend(SpendRequest request) {
    ledger.hold(request);
    changed = true;
  }

  @Override
  public void validateSetBudget(BigDecimal budgetUsd) {
    ledger.validateBudget(budgetUsd);
  }

  @Override
  public StoryboardStatus setBudget(BigDecimal budgetUsd) {
    ledger.setBudget(budgetUsd);
    log.info("storyboard {}: budget set to {}", id, budgetUsd);
    grantWhatFits();
    publisher.publish();
    return status();
  }

  @Override
  public StoryboardStatus status() {
    return publisher.status();
  }
}
