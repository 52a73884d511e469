package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shotflow.review.Subjects;
import io.shotflow.review.Verdict;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.storyboard.StoryboardStatus;
import java.math.BigDecimal;

/**
 * A storyboard that exercises most of the workflows' commands: parallel and dependent children, keyframe,
 * clip and extend reviews by update and by signal, a reject with a revised prompt on a paid provider, the
 * spend request it causes and the budget raise that grants it, continuity, a join and a lip-sync of a line that starts 1 s into its shot.
 */
final class ReplayScenario {

  static final String ID = "replay";
  static final String SPEC = """
      title: Replay
      provider: kling
      tier: pro
      budget_usd: 2.474
      review: {keyframes: required, clips: required, lip_sync: auto, deadline: PT24H, on_deadline: pause}
      shots:
        - {id: a, prompt: Camera pushes in, variants: 2, start_frame: {prompt: A closed box}}
        - id: b
          prompt: Push into the dial
          start_frame: {from: a}
          extend: [{prompt: Slow orbit}]
          dialogue: {audio: "asset:line.wav", start: 1, lip_sync: {provider: sync}}
      """;

  private ReplayScenario() {}

  static void run(Harness h) {
    h.start(ID, SPEC);
    h.approve(ID, "a", Subjects.keyframe("a", "start"));
    h.awaitPending(ID, "a", Subjects.clip("a"));
    h.review(ID, "a", Subjects.clip("a"), "clip-a1-v2", Verdict.REJECT, "Camera pushes in slowly");
    h.awaitStoryboard(ID, s -> s.state() == StoryboardState.PAUSED);
    StoryboardStatus raised = h.storyboard(ID).setBudget(new BigDecimal("4.00"));
    assertEquals(StoryboardState.RUNNING, raised.state());
    h.awaitPending(ID, "a", Subjects.clip("a"));
    h.shot(ID, "a").reviewSignal(Harness.decision(Subjects.clip("a"), "clip-a2-v1", Verdict.APPROVE, null));
    h.approve(ID, "b", Subjects.clip("b"));
    h.approve(ID, "b", Subjects.extend("b", 1));
    assertEquals(StoryboardState.COMPLETED, h.result(ID).state());
  }
}
