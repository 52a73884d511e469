package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.RateCard;
import io.shotflow.review.Subjects;
import io.shotflow.storyboard.StoryboardState;
import java.time.Duration;

/**
 * Failover's commands for a replay fixture: wavespeed has no worker (its submit times out on the queue and kling stands
 * in, asking the storyboard for kling's higher clip price; kling refuses the keyframe twice as busy, which the shot waits
 * out on timers), then kling fails every lip-sync submit and fal takes it.
 */
final class FailoverScenario {

  static final String ID = "failover";
  static final String SPEC = """
      title: Failover
      provider: wavespeed
      tier: pro
      fallback_providers: [kling, fal]
      budget_usd: 3
      review: {keyframes: required, clips: auto, lip_sync: auto, deadline: PT24H, on_deadline: pause}
      shots:
        - {id: a, prompt: Camera pushes in, variants: 2, start_frame: {prompt: A closed box},
           dialogue: {audio: "asset:line.wav"}}
      """;

  private FailoverScenario() {}

  static void run(Harness h) {
    // kling, standing in for the keyframe, is full twice (PROVIDER_BUSY): the shot waits on timers, no failover
    h.providers.failing(FakeProviders.Phase.SUBMIT, r -> r.provider().equals("kling") && r.kind() == GenerationKind.KEYFRAME,
        ProviderError.PROVIDER_BUSY, 2);
    h.providers.failing(FakeProviders.Phase.SUBMIT, r -> r.provider().equals("kling") && r.kind() == GenerationKind.LIP_SYNC,
        ProviderError.TRANSIENT, 5);
    h.start(ID, SPEC, RateCard.defaults(), Duration.ofSeconds(2));
    h.approve(ID, "a", Subjects.keyframe("a", "start"));
    assertEquals(StoryboardState.COMPLETED, h.result(ID).state());
  }
}
