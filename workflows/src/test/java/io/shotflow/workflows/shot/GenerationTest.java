package io.shotflow.workflows.shot;

import static io.shotflow.workflows.shot.Fixtures.image;
import static io.shotflow.workflows.shot.Fixtures.result;
import static io.shotflow.workflows.shot.Fixtures.review;
import static io.shotflow.workflows.shot.Fixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.shot.Take;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationTest {

  private static GenerationRequests requests(String clips) {
    return new GenerationRequests("sb", Fixtures.shot(), settings(review("auto", clips, "pause")), Fixtures.CAPABILITIES);
  }

  @Test
  void aRoundMakesATakePerVariantFromItsResultAndRoute() {
    Generation clip = requests("required").clip(image("start"), null);

    Generation.Round round = clip.round(2, "closer", List.of(
        new ProviderRouter.Outcome(result("kling", "job-1", "0.49"), "kling", null),
        new ProviderRouter.Outcome(result("fal", "job-2", "0.49"), "kling→fal", null)));

    assertNull(round.failure());
    assertEquals(List.of("clip-a2-v1", "clip-a2-v2"), round.takeIds());
    Take second = round.takes().get(1);
    assertEquals(List.of("clip:a", "clip", "fal", "job-2", "closer", "kling→fal", "video-job-2"),
        List.of(second.subject(), second.kind(), second.provider(), second.providerJobId(), second.prompt(),
            second.route(), second.outputVideoId()));
    assertEquals(new BigDecimal("0.49"), second.costUsd());
    assertEquals(2, second.attempt());
    assertFalse(round.takes().stream().anyMatch(Take::approved), "a required gate waits for the reviewer");
  }

  @Test
  void anAutomaticGateApprovesTheFirstTake() {
    Generation clip = requests("auto").clip(image("start"), null);

    Generation.Round round = clip.round(1, "p", List.of(
        new ProviderRouter.Outcome(result("kling", "job-1", "0.49"), "kling", null),
        new ProviderRouter.Outcome(result("kling", "job-2", "0.49"), "kling", null)));

    assertTrue(clip.automatic());
    assertTrue(round.takes().get(0).approved());
    assertFalse(round.takes().get(1).approved());
  }

  @Test
  void aFailedVariantLeavesTheOthersUnapprovedAndTheFirstFailureToDecideOn() {
    Generation clip = requests("auto").clip(image("start"), null);

    Generation.Round round = clip.round(1, "p", List.of(
        new ProviderRouter.Outcome(null, null, "CONTENT_POLICY: refused"),
        new ProviderRouter.Outcome(result("kling", "job-2", "0.49"), "kling", null),
        new ProviderRouter.Outcome(null, null, "JOB_FAILED: broke")));

    assertEquals("CONTENT_POLICY: refused", round.failure());
    assertEquals(List.of("clip-a1-v2"), round.takeIds(), "the take keeps its variant's id");
    assertFalse(round.takes().get(0).approved());
  }

  @Test
  void kindsAreNamedForTakesAndLabelledForSummaries() {
    GenerationRequests requests = new GenerationRequests("sb", Fixtures.withDialogue(Fixtures.line("Hi", null)),
        settings(review("auto", "auto", "pause")), Fixtures.CAPABILITIES);
    Generation lipSync = requests.lipSync("kling", Fixtures.video("v"), null, null);

    Take take = lipSync.round(1, "p", List.of(new ProviderRouter.Outcome(result("kling", "j", "0.07"), "kling", null)))
        .takes().get(0);

    assertEquals("lip_sync", take.kind());
    assertEquals("lip-sync", lipSync.label());
    assertEquals("keyframe", requests.keyframe("end").label());
    assertEquals("extend", requests.extend(1, image("f"), Fixtures.video("s")).label());
  }
}
