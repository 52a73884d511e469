package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.RateCard;
import io.shotflow.spec.CostEstimator;
import io.shotflow.spec.StoryboardSpecParser;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.storyboard.StoryboardResult;
import io.shotflow.storyboard.StoryboardState;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A storyboard whose shots name their own models: each shot's requests, spend and cut entry are on its model. */
class ShotModelTest {

  private static final String SPEC = """
      title: Two models
      provider: fal
      model: kling-v3
      tier: pro
      budget_usd: 10
      review: {keyframes: auto, clips: auto}
      shots:
        - id: boat
          prompt: The boat drifts from the dock
          duration: 12
          audio: native
          start_frame: {prompt: A boat beside the dock}
        - id: gulls
          model: kling-v2.5-turbo
          prompt: Gulls lift off
          start_frame: {prompt: Gulls on a wall}
          end_frame: {prompt: Gulls in the sky}
      """;

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void eachShotIsGeneratedChargedAndCutOnItsOwnModel() {
    h.start("models", SPEC);
    StoryboardResult result = h.result("models");

    assertEquals(StoryboardState.COMPLETED, result.state(), result.detail());
    GenerationRequest boat = h.providers.requests("boat", GenerationKind.CLIP).get(0);
    GenerationRequest gulls = h.providers.requests("gulls", GenerationKind.CLIP).get(0);
    assertEquals(List.of("kling-v3", 12, true), List.of(boat.model(), boat.durationSeconds(), boat.nativeAudio()));
    assertEquals("kling-v2.5-turbo", gulls.model());
    assertNotNull(gulls.endFrame(), "Kling 2.5 Turbo pro ends on the end keyframe");
    assertEquals(List.of("kling-v2.5-turbo", "kling-v2.5-turbo"), h.providers.requests("gulls", GenerationKind.KEYFRAME)
        .stream().map(GenerationRequest::model).toList(), "its keyframes too");
    // every take charged the rate card's price of its request: the spend is the estimate
    assertEquals(0, CostEstimator.estimate(new StoryboardSpecParser().parse(SPEC, true), RateCard.defaults())
        .totalUsd().compareTo(result.spendUsd()), "spend " + result.spendUsd());
    AssemblyRequest cut = h.media.assemblies.get(0);
    Map<String, String> models = cut.shots().stream()
        .collect(Collectors.toMap(AssemblyRequest.Shot::shotId, cut::modelOf));
    assertEquals(Map.of("boat", "kling-v3", "gulls", "kling-v2.5-turbo"), models);
  }
}
