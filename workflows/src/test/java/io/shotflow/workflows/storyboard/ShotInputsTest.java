package io.shotflow.workflows.storyboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.media.AssetRef;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.RateCard;
import io.shotflow.shot.ShotInput;
import io.shotflow.spec.FrameSpec;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShotInputsTest {

  private static final ShotSpec OPENING = new ShotSpec("a", "A lighthouse at dusk", null, 5, 1,
      new FrameSpec("a keyframe", null, null), null, null, null);
  private static final ShotSpec FOLLOW = new ShotSpec("b", "The lamp turns", null, 5, 1,
      new FrameSpec(null, null, "a"), null, null, null);

  private static StoryboardInput input(RateCard card) {
    StoryboardSpec spec = new StoryboardSpec("Lighthouse", "16:9", "720p", 24, "kling", null, "pro", List.of("fal"),
        new BigDecimal("5.00"), null, List.of(OPENING, FOLLOW), null);
    return new StoryboardInput("sb", spec, card, ProviderCapabilities.snapshot(List.of("kling", "fal"), spec.model(),
        spec.tier()), Duration.ofSeconds(45));
  }

  @Test
  void theAllowanceIsTheShotsEstimateAtTheStoryboardsOwnPrices() {
    ShotInputs inputs = new ShotInputs(input(new RateCard(Map.of(
        "kling.keyframe", new BigDecimal("0.10"), "kling.clip-pro-5s", new BigDecimal("1.00")))));

    assertEquals(0, new BigDecimal("1.10").compareTo(inputs.allowance(OPENING)), "one keyframe and one clip");
    assertEquals(0, new BigDecimal("1.00").compareTo(inputs.allowance(FOLLOW)), "no keyframe to generate");
  }

  @Test
  void theChildsInputCarriesItsFramesAllowanceAndTheStoryboardsSettings() {
    StoryboardInput storyboard = input(RateCard.defaults());
    AssetRef frame = new AssetRef("a-last.png", "image/png");
    ShotScheduler.Start start = new ShotScheduler.Start(FOLLOW, "storyboard-sb-shot-b", frame, null, true);

    ShotInput input = new ShotInputs(storyboard).input(start, "storyboard-sb", new BigDecimal("0.49"));

    assertEquals("sb", input.storyboardId());
    assertEquals("storyboard-sb", input.parentWorkflowId());
    assertEquals(FOLLOW, input.shot());
    assertEquals(frame, input.startFrom());
    assertEquals(null, input.endFrom());
    assertEquals(new BigDecimal("0.49"), input.allowanceUsd());
    assertTrue(input.reportLastFrame());
    assertEquals(storyboard.rateCard(), input.rateCard());
    assertEquals(storyboard.capabilities(), input.capabilities());
    assertEquals("kling", input.settings().provider());
    assertEquals("pro", input.settings().tier());
    assertEquals(List.of("fal"), input.settings().fallbackProviders());
    assertEquals(1280, input.settings().width());
    assertEquals(720, input.settings().height());
    assertEquals(24, input.settings().fps());
    assertEquals(Duration.ofSeconds(45), input.settings().providerQueueWait());
  }

  @Test
  void aShotWithItsOwnModelRunsOnItAndIsAllowedItsPrice() {
    ShotSpec turbo = new ShotSpec("c", "Gulls", null, 10, 1, new FrameSpec(null, "asset:post.png", null), null, null,
        null, null, null, "kling-v2.5-turbo");
    StoryboardSpec spec = new StoryboardSpec("Lighthouse", "16:9", "720p", 24, "kling", null, "pro", List.of(),
        new BigDecimal("5.00"), null, List.of(OPENING, turbo), null);
    StoryboardInput storyboard = new StoryboardInput("sb", spec, RateCard.defaults(),
        ProviderCapabilities.snapshot(List.of("kling"), spec.models(), spec.tier()), null);
    ShotInputs inputs = new ShotInputs(storyboard);

    assertEquals("kling-v2.5-turbo", inputs.input(new ShotScheduler.Start(turbo, "w", null, null, false), "p",
        BigDecimal.ONE).settings().model());
    assertEquals("kling-v2.1", inputs.input(new ShotScheduler.Start(OPENING, "w", null, null, false), "p",
        BigDecimal.ONE).settings().model());
    assertEquals(0, new BigDecimal("0.70").compareTo(inputs.allowance(turbo)), "10 s of Kling 2.5 Turbo pro");
  }

  @Test
  void theChildStartsOnTheOrchestrationQueueFindableByStoryboardAndShotAndIsCancelledWithItsParent() {
    ShotScheduler.Start start = new ShotScheduler.Start(OPENING, "storyboard-sb-shot-a", null, null, false);

    ChildWorkflowOptions options = new ShotInputs(input(RateCard.defaults())).options(start);

    assertEquals("storyboard-sb-shot-a", options.getWorkflowId());
    assertEquals(TaskQueues.ORCHESTRATION, options.getTaskQueue());
    assertEquals("Shot a: A lighthouse at dusk", options.getStaticSummary());
    assertEquals("sb", options.getTypedSearchAttributes().get(SearchAttributes.STORYBOARD_ID));
    assertEquals("a", options.getTypedSearchAttributes().get(SearchAttributes.SHOT_ID));
    assertEquals("keyframes", options.getTypedSearchAttributes().get(SearchAttributes.STAGE));
    assertEquals(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL, options.getParentClosePolicy());
  }

  @Test
  void aLongSummaryIsCutToTwoHundredBytesOfUtf8BetweenCharacters() {
    ShotSpec accents = new ShotSpec("a", "é".repeat(100), null, 5, 1, null, null, null, null);
    ShotSpec emoji = new ShotSpec("a", "😀".repeat(50), null, 5, 1, null, null, null, null);
    ShotSpec exact = new ShotSpec("a", "x".repeat(192), null, 5, 1, null, null, null, null);

    // "Shot a: " is 8 bytes; 197 bytes are left before the 3-byte ellipsis
    assertEquals("Shot a: " + "é".repeat(94) + "…", ShotInputs.summary(accents));
    assertEquals("Shot a: " + "😀".repeat(47) + "…", ShotInputs.summary(emoji));
    assertEquals("Shot a: " + "x".repeat(192), ShotInputs.summary(exact), "200 bytes fit as they are");
    for (ShotSpec shot : List.of(accents, emoji, exact)) {
      assertTrue(ShotInputs.summary(shot).getBytes(StandardCharsets.UTF_8).length <= 200);
    }
  }
}
