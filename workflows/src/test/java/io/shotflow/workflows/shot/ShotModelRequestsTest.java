package io.shotflow.workflows.shot;

import static io.shotflow.workflows.shot.Fixtures.image;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.RateCard;
import io.shotflow.shot.StoryboardSettings;
import io.shotflow.spec.CostEstimator;
import io.shotflow.spec.FrameSpec;
import io.shotflow.spec.ReviewPolicy;
import io.shotflow.spec.ShotSpec;
import io.shotflow.spec.StoryboardSpec;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A shot with its own model: its requests carry that model, and what a take reserves is what the estimate (the shot's
 * allowance) priced it at, from the same snapshot of the storyboard's models.
 */
class ShotModelRequestsTest {

  private static final ShotSpec TURBO = new ShotSpec("gulls", "Gulls", null, 5, 1, new FrameSpec("a post", null, null),
      new FrameSpec(null, "asset:sky.png", null), null, null, null, null, ProviderCatalog.KLING_V2_5_TURBO);
  private static final ShotSpec V3 = new ShotSpec("boat", "Boat", null, 12, 1, new FrameSpec(null, "asset:boat.png", null),
      null, null, null, null, null, null);
  private static final StoryboardSpec SPEC = new StoryboardSpec("Harbour", "16:9", "720p", 24, "fal",
      ProviderCatalog.KLING_V3, "pro", List.of(), new BigDecimal("20"), null, List.of(V3, TURBO), null);
  private static final ProviderCapabilities SNAPSHOT =
      ProviderCapabilities.snapshot(List.of("fal"), SPEC.models(), SPEC.tier());

  /** The settings as the storyboard gives them to {@code shot}'s workflow (ShotInputs). */
  private static StoryboardSettings settings(ShotSpec shot) {
    return new StoryboardSettings(SPEC.provider(), SPEC.modelOf(shot), SPEC.tier(), List.of(), SPEC.aspectRatio(),
        SPEC.width(), SPEC.height(), SPEC.fps(), ReviewPolicy.DEFAULT, null);
  }

  private static GenerationRequest clip(ShotSpec shot) {
    return new GenerationRequests("sb", shot, settings(shot), SNAPSHOT).clip(image("start"), image("end"))
        .request(shot.prompt(), 1, 1);
  }

  @Test
  void eachShotsClipIsAskedOfItsOwnModel() {
    assertEquals(ProviderCatalog.KLING_V2_5_TURBO, clip(TURBO).model());
    assertEquals(ProviderCatalog.KLING_V3, clip(V3).model());
    assertEquals(12, clip(V3).durationSeconds());
  }

  @Test
  void aTakeReservesWhatTheShotsAllowancePricedIt() {
    RateCard card = RateCard.defaults().forProviders(List.of("fal"));
    ShotBudget budget = new ShotBudget(BigDecimal.TEN, card, SNAPSHOT);
    // boat: no keyframe to generate, so its allowance is its clip: 12 s of Kling 3.0 pro, silent
    assertEquals(0, new BigDecimal("2.688").compareTo(budget.price(clip(V3))));
    assertEquals(0, CostEstimator.estimateShot(SPEC, V3, card, SNAPSHOT).compareTo(budget.price(clip(V3))));
    // gulls: a 5 s Kling 2.5 Turbo pro clip, plus its start keyframe in the allowance
    assertEquals(0, new BigDecimal("0.35").compareTo(budget.price(clip(TURBO))));
    GenerationRequest keyframe = new GenerationRequests("sb", TURBO, settings(TURBO), SNAPSHOT).keyframe("start")
        .request("a post", 1, 1);
    assertEquals(0, CostEstimator.estimateShot(SPEC, TURBO, card, SNAPSHOT)
        .compareTo(budget.price(clip(TURBO)).add(budget.price(keyframe))));
  }
}
