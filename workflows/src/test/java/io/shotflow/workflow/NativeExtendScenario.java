package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shotflow.review.Subjects;
import io.shotflow.storyboard.StoryboardState;

/**
 * Native extend's commands for a replay fixture: a Kling 1.6 shot whose extend step goes through Kling's video-extend
 * (no last frame, no join) and is reviewed, and a line of dialogue spoken from text.
 */
final class NativeExtendScenario {

  static final String ID = "native-extend";
  static final String SPEC = """
      title: Native extend
      provider: kling
      model: kling-v1.6
      tier: pro
      budget_usd: 5
      review: {keyframes: auto, clips: required, lip_sync: auto, deadline: PT24H, on_deadline: pause}
      shots:
        - id: a
          prompt: Camera pushes in
          start_frame: {prompt: A watch on a pedestal}
          extend: [{prompt: Slow orbit}]
          dialogue: {text: "Made to outlast us all.", voice_id: en_AOT}
      """;

  private NativeExtendScenario() {}

  static void run(Harness h) {
    h.start(ID, SPEC);
    h.approve(ID, "a", Subjects.clip("a"));
    h.approve(ID, "a", Subjects.extend("a", 1));
    assertEquals(StoryboardState.COMPLETED, h.result(ID).state());
  }
}
