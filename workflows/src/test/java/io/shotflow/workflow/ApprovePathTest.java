package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.media.AssetRef;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.review.Subjects;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.Take;
import io.shotflow.storyboard.StoryboardResult;
import io.shotflow.storyboard.StoryboardState;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApprovePathTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  static final String THREE_SHOTS = """
      title: Watch reveal
      review: {keyframes: required, clips: required, lip_sync: auto, deadline: PT24H, on_deadline: pause}
      shots:
        - id: reveal
          prompt: Camera pushes in as the lid lifts
          negative_prompt: blur
          start_frame: {prompt: A closed box}
          extend: [{prompt: Slow orbit}]
        - id: dial
          prompt: Push into the dial
          duration: 10
          start_frame: {image: "asset:dial.png"}
        - id: closeup
          prompt: Hands lift the watch
          start_frame: {from: reveal}
          dialogue: {audio: "asset:line.wav"}
      """;

  @Test
  void approvedTakesAreAssembledInSpecOrderWithTheirDurations() {
    h.start("sb1", THREE_SHOTS);

    h.approve("sb1", "reveal", Subjects.keyframe("reveal", "start"));
    h.approve("sb1", "reveal", Subjects.clip("reveal"));
    h.approve("sb1", "dial", Subjects.clip("dial"));
    h.approve("sb1", "reveal", Subjects.extend("reveal", 1));
    h.approve("sb1", "closeup", Subjects.clip("closeup"));
    StoryboardResult result = h.result("sb1");

    assertEquals(StoryboardState.COMPLETED, result.state());
    assertEquals(1, h.media.assemblies.size());
    AssemblyRequest assembly = h.media.assemblies.get(0);
    assertEquals(List.of("reveal", "dial", "closeup"), assembly.shots().stream().map(AssemblyRequest.Shot::shotId).toList());
    assertEquals(List.of(10, 10, 5), assembly.shots().stream().map(AssemblyRequest.Shot::durationSeconds).toList());
    assertEquals(1280, assembly.format().width());
    assertEquals(24, assembly.format().fps());
    assertEquals(25.0, result.outputs().durationSeconds());

    // reveal: clip + extend joined; the extend starts on the clip's last frame and continues its video
    GenerationRequest clip = h.providers.requests("reveal", GenerationKind.CLIP).get(0);
    GenerationRequest extend = h.providers.requests("reveal", GenerationKind.EXTEND).get(0);
    AssetRef clipAsset = new AssetRef(FakeProviders.assetIdFor(clip.idempotencyKey(), "mp4"), "video/mp4");
    assertEquals(FakeMedia.lastFrame(clipAsset), extend.startFrame());
    assertEquals(clipAsset, extend.sourceVideo());
    assertEquals("Slow orbit", extend.prompt());
    assertEquals("sb1/reveal/extend:reveal:1/a1/v1", extend.idempotencyKey());
    assertEquals(1, h.media.joins.size());
    assertEquals(h.media.joins.get(0).clips().get(1).id(), FakeProviders.assetIdFor(extend.idempotencyKey(), "mp4"));
    AssemblyRequest.Shot reveal = assembly.shots().get(0);
    assertTrue(reveal.video().id().startsWith("joined-2-"), reveal.video().id());
    assertEquals(List.of("kf-start-a1", "clip-a1-v1", "ext1-a1-v1"), reveal.approvedTakes().stream().map(Take::id).toList());
    assertEquals(3, reveal.decisions().size());

    // the clip request carries the generated keyframe, the shot prompt and negative prompt
    GenerationRequest keyframe = h.providers.requests("reveal", GenerationKind.KEYFRAME).get(0);
    assertEquals("A closed box", keyframe.prompt());
    assertEquals(FakeProviders.assetIdFor(keyframe.idempotencyKey(), "png"), clip.startFrame().id());
    assertEquals("Camera pushes in as the lid lifts", clip.prompt());
    assertEquals("blur", clip.negativePrompt());
    assertEquals("sb1/reveal/clip:reveal/a1/v1", clip.idempotencyKey());

    // dial: the spec image is the start frame; nothing generated for it
    assertEquals(List.of(), h.providers.requests("dial", GenerationKind.KEYFRAME));
    assertEquals("dial.png", h.providers.requests("dial", GenerationKind.CLIP).get(0).startFrame().id());
    assertEquals(10, h.providers.requests("dial", GenerationKind.CLIP).get(0).durationSeconds());

    // closeup: lip-synced (auto gate) and that video is what gets assembled
    GenerationRequest lipSync = h.providers.requests("closeup", GenerationKind.LIP_SYNC).get(0);
    assertEquals("line.wav", lipSync.audio().id());
    assertEquals(FakeProviders.assetIdFor(lipSync.idempotencyKey(), "mp4"), assembly.shots().get(2).video().id());

    // catalog: running then completed, with the outputs; shot stages end done
    assertEquals(StoryboardState.RUNNING, h.catalog.storyboards.get(0).state());
    var last = h.catalog.storyboards.get(h.catalog.storyboards.size() - 1);
    assertEquals(StoryboardState.COMPLETED, last.state());
    assertNotNull(last.outputs());
    for (String shot : List.of("reveal", "dial", "closeup")) {
      var stages = h.catalog.stages.stream().filter(s -> s.shotId().equals(shot)).toList();
      assertEquals(ShotStage.DONE, stages.get(stages.size() - 1).stage(), shot);
    }
    assertEquals(5, h.catalog.reviews.size());
  }
}
