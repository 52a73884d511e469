package io.shotflow.workflows.storyboard;

import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.RateCard;
import io.shotflow.shot.ShotInput;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.StoryboardSettings;
import io.shotflow.spec.CharacterSpec;
import io.shotflow.spec.CostEstimator;
import io.shotflow.spec.ShotSpec;
import io.shotflow.spec.StoryboardSpec;
import io.shotflow.storyboard.StoryboardInput;
import io.shotflow.temporal.SearchAttributes;
import io.shotflow.temporal.TaskQueues;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.ChildWorkflowOptions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What a storyboard gives each shot's child workflow: its allowance, its input and its start options. */
final class ShotInputs {

  private static final int SUMMARY_BYTES = 200;

  private final String storyboardId;
  private final StoryboardSpec spec;
  private final RateCard rateCard;
  private final ProviderCapabilities capabilities;
  private final Duration providerQueueWait;

  ShotInputs(StoryboardInput input) {
    this.storyboardId = input.storyboardId();
    this.spec = input.spec();
    this.rateCard = input.rateCard();
    this.capabilities = input.capabilities();
    this.providerQueueWait = input.providerQueueWait();
  }

  /** The budget reserved for a shot at the start: the estimate of its takes at the storyboard's prices. */
  BigDecimal allowance(ShotSpec shot) {
    return CostEstimator.estimateShot(spec, shot, rateCard, capabilities);
  }

  /** The budget reserved for a character's sheet: its references generated from prompts. */
  BigDecimal allowance(CharacterSpec character) {
    return CostEstimator.estimateSheet(spec, character, rateCard, capabilities);
  }

  /** The child's input; {@code parentWorkflowId} is where it sends continuity frames and spend requests. */
  ShotInput input(ShotScheduler.Start start, String parentWorkflowId, BigDecimal allowance) {
    return new ShotInput(storyboardId, parentWorkflowId, start.shot(), settings(start.shot()), start.startFrom(), start.endFrom(),
        allowance, start.continued(), rateCard, capabilities, start.endedOn(), start.characters(), start.sheet());
  }

  /**
   * The child's id, queue, summary and search attributes; the storyboard's close (or cancel) asks the child to
   * cancel.
   */
  ChildWorkflowOptions options(ShotScheduler.Start start) {
    ShotSpec shot = start.shot();
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(start.workflowId())
        .setTaskQueue(TaskQueues.ORCHESTRATION)
        .setStaticSummary(summary(shot))
        .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
            .set(SearchAttributes.STORYBOARD_ID, storyboardId)
            .set(SearchAttributes.SHOT_ID, shot.id())
            .set(SearchAttributes.STAGE, ShotStage.KEYFRAMES.value())
            .build())
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
        .build();
  }

  /** The storyboard's settings as {@code shot} runs them: on the shot's own model ({@link StoryboardSpec#modelOf}). */
  StoryboardSettings settings(ShotSpec shot) {
    return new StoryboardSettings(spec.provider(), spec.modelOf(shot), spec.tier(), spec.fallbackProviders(),
        spec.aspectRatio(), spec.width(), spec.height(), spec.fps(), spec.review(), providerQueueWait);
  }

  /** "Shot reveal: Camera pushes in…", at most 200 bytes of UTF-8. */
  static String summary(ShotSpec shot) {
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
}
