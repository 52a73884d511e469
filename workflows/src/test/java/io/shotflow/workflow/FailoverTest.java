package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activity.CatalogActivities.TakeRecord;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.RateCard;
import io.shotflow.review.PendingReview;
import io.shotflow.review.Subjects;
import io.shotflow.review.Verdict;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.ShotStatus;
import io.shotflow.shot.Take;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.storyboard.StoryboardStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failover to {@code fallback_providers} when a provider is down (submit retries exhausted on a retryable error, or no
 * worker on its queue), only to a provider whose capabilities match, with the route on the take; a human decision only
 * when no provider is left. The harness has workers for local, kling, fal and sync only: wavespeed has none.
 */
class FailoverTest {

  private final Harness h = new Harness();

  /** Lets the test server skip through the submit retries' backoff (polling a query does not skip time). */
  private void skipRetries() {
    h.env.sleep(Duration.ofMinutes(1));
  }

  @AfterEach
  void close() {
    h.close();
  }

  private List<GenerationRequest> submits(String provider, GenerationKind kind) {
    return h.providers.submitted.stream().filter(r -> r.provider().equals(provider) && r.kind() == kind).toList();
  }

  private List<Take> takes(String shotId) {
    return h.catalog.takes.stream().filter(t -> t.shotId().equals(shotId)).map(TakeRecord::take).toList();
  }

  @Test
  void aProviderFailingEverySubmitIsReplacedByTheFallbackAndPassedOverAfterwards() {
    h.providers.failing(FakeProviders.Phase.SUBMIT, r -> r.provider().equals("kling"), ProviderError.TRANSIENT, 1000);
    h.start("tr", """
        title: Kling down
        provider: kling
        fallback_providers: [fal]
        budget_usd: 5
        review: {keyframes: auto, clips: auto}
        shots: [{id: a, prompt: p, start_frame: {prompt: k}, end_frame: {prompt: e}}]
        """);

    assertEquals(StoryboardState.COMPLETED, h.result("tr").state());

    // both keyframes found kling down (five attempts each); the clip went straight to fal
    assertEquals(10, submits("kling", GenerationKind.KEYFRAME).size());
    assertEquals(0, submits("kling", GenerationKind.CLIP).size());
    assertEquals(2, submits("fal", GenerationKind.KEYFRAME).size());
    GenerationRequest clip = submits("fal", GenerationKind.CLIP).get(0);
    assertTrue(clip.endFrame() != null, "fal pro takes the end frame");
    assertEquals("tr/a/clip:a/a1/v1", clip.idempotencyKey());
    List<Take> approved = takes("a").stream().filter(Take::approved).toList();
    assertEquals(3, approved.size());
    for (Take take : approved) {
      assertEquals("fal", take.provider());
      assertEquals("kling→fal", take.route(), take.toString());
    }
    assertTrue(h.catalog.stages.stream().noneMatch(s -> s.stage() == ShotStage.AWAITING_DECISION));
  }

  /** A provider at its limits (PROVIDER_BUSY, however often) is up, only full: the shot waits, never fails over. */
  @Test
  void aBusyProviderIsWaitedOutNotFailedOver() {
    h.providers.failing(FakeProviders.Phase.SUBMIT, r -> r.provider().equals("kling"), ProviderError.PROVIDER_BUSY,
        12);
    h.start("busy", """
        title: Kling full
        provider: kling
        fallback_providers: [fal]
        budget_usd: 5
        review: {keyframes: auto, clips: auto}
        shots: [{id: a, prompt: p, start_frame: {prompt: k}}]
        """);

    assertEquals(StoryboardState.COMPLETED, h.result("busy").state());
    assertEquals(0, h.providers.submitted.stream().filter(r -> r.provider().equals("fal")).count(), "no failover");
    // twelve refusals, then the keyframe's and the clip's submits went through
    assertEquals(14, submits("kling", GenerationKind.KEYFRAME).size() + submits("kling", GenerationKind.CLIP).size());
    for (Take take : takes("a")) {
      assertEquals("kling", take.route(), take.toString());
    }
    assertTrue(h.catalog.stages.stream().noneMatch(s -> s.stage() == ShotStage.AWAITING_DECISION));
  }

  @Test
  void aProviderWithoutAWorkerIsDownAfterTheQueueWaitAndTheStandInsExtraCostIsAskedOfTheBudget() {
    // the test server holds its clock while an activity waits on a queue, so the wait runs in real time: 2 s here
    h.start("nw", """
        title: Wavespeed has no worker
        provider: wavespeed
        fallback_providers: [kling]
        budget_usd: 1.00
        review: {keyframes: auto, clips: auto}
        shots: [{id: a, prompt: p, start_frame: {prompt: k}}]
        """, RateCard.defaults(), Duration.ofSeconds(2));

    assertEquals(StoryboardState.COMPLETED, h.result("nw").state());

    List<Take> approved = takes("a").stream().filter(Take::approved).toList();
    assertEquals(List.of("wavespeed→kling", "wavespeed→kling"), approved.stream().map(Take::route).toList());
    assertEquals(List.of("kling", "kling"), approved.stream().map(Take::provider).toList());
    // allowance at wavespeed's prices (0.025 + 0.45); kling's clip costs 0.04 more, granted by the storyboard
    StoryboardStatus status = h.storyboard("nw").status();
    assertEquals(0, new BigDecimal("0.475").compareTo(status.estimatedCostUsd()), status.toString());
    assertTrue(h.catalog.stages.stream().anyMatch(s -> s.shotId().equals("a") && s.stage() == ShotStage.AWAITING_BUDGET));
    assertEquals(0, new BigDecimal("0.504").compareTo(h.shot("nw", "a").status().spendUsd()));
  }

  @Test
  void whenEveryProviderIsDownAHumanDecidesAndARetryWalksTheRouteAgain() {
    h.providers.failing(FakeProviders.Phase.SUBMIT, r -> r.kind() == GenerationKind.CLIP && r.provider().equals("kling"),
        ProviderError.RATE_LIMITED, 5);
    h.providers.failing(FakeProviders.Phase.SUBMIT, r -> r.kind() == GenerationKind.CLIP && r.provider().equals("fal"),
        ProviderError.TRANSIENT, 5);
    h.start("ad", """
        title: All down
        provider: kling
        fallback_providers: [fal]
        budget_usd: 5
        review: {keyframes: auto, clips: auto}
        shots: [{id: a, prompt: p, start_frame: {prompt: k}}]
        """);

    skipRetries();
    ShotStatus waiting = h.awaitShot("ad", "a", s -> s.stage() == ShotStage.AWAITING_DECISION);
    PendingReview decision = waiting.pendingReviews().get(0);
    assertEquals(Subjects.clip("a"), decision.subject());
    assertTrue(decision.reason().startsWith("TRANSIENT: "), decision.reason());
    assertTrue(decision.reason().endsWith("(route kling→fal: no provider left to fail over to)"), decision.reason());

    h.review("ad", "a", Subjects.clip("a"), null, Verdict.RETRY, null);

    assertEquals(StoryboardState.COMPLETED, h.result("ad").state());
    Take clip = takes("a").stream().filter(t -> t.kind().equals("clip") && t.approved()).findFirst().orElseThrow();
    assertEquals("kling", clip.provider());
    assertEquals("kling", clip.route(), "both were down recently, so the retry tried kling first again");
    assertEquals(6, submits("kling", GenerationKind.CLIP).size());
  }

  @Test
  void aFallbackWhoseCapabilitiesDoNotMatchIsNeverCalled() {
    // Sync's lip-sync takes up to 20 MB of audio; Kling's only 5 MB: Kling cannot stand in for it
    h.providers.failing(FakeProviders.Phase.SUBMIT, r -> r.provider().equals("sync"), ProviderError.TRANSIENT, 1000);
    h.start("cap", """
        title: Lip-sync down
        fallback_providers: [kling]
        budget_usd: 5
        review: {keyframes: auto, clips: auto, lip_sync: auto}
        shots:
          - {id: a, prompt: p, start_frame: {prompt: k}, dialogue: {audio: "asset:line.wav", lip_sync: {provider: sync}}}
        """);

    skipRetries();
    ShotStatus waiting = h.awaitShot("cap", "a", s -> s.stage() == ShotStage.AWAITING_DECISION);
    String reason = waiting.pendingReviews().get(0).reason();
    assertEquals(Subjects.lipSync("a"), waiting.pendingReviews().get(0).subject());
    assertTrue(reason.endsWith("(route sync: no provider left to fail over to)"), reason);
    assertEquals(List.of(), submits("kling", GenerationKind.LIP_SYNC));
    assertEquals(5, submits("sync", GenerationKind.LIP_SYNC).size());
  }

  @Test
  void theWorkflowBudgetsAtTheRateCardItWasStartedWith() {
    RateCard card = RateCard.defaults().with("kling", "clip-pro-5s", new BigDecimal("0.30"));
    h.start("rc", """
        title: Configured prices
        provider: kling
        budget_usd: 0.40
        review: {keyframes: auto, clips: auto}
        shots: [{id: a, prompt: p, start_frame: {prompt: k}}]
        """, card, null);

    assertEquals(StoryboardState.COMPLETED, h.result("rc").state());
    StoryboardStatus status = h.storyboard("rc").status();
    assertEquals(0, new BigDecimal("0.314").compareTo(status.estimatedCostUsd()), status.toString());
    // the actual cost is what the provider reported (the fake reports the catalog price), beyond the estimate
    assertEquals(0, new BigDecimal("0.504").compareTo(h.shot("rc", "a").status().spendUsd()));
    assertTrue(h.catalog.stages.stream().noneMatch(s -> s.stage() == ShotStage.AWAITING_BUDGET));
  }
}
