package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.media.AssetRef;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.review.Subjects;
import io.shotflow.shot.ShotStage;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.storyboard.StoryboardStatus;
import io.shotflow.temporal.WorkflowIds;
import io.temporal.client.WorkflowNotFoundException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContinuityAndParallelTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aShotThatContinuesStartsOnlyOnceItsSourceFrameArrivesAndGetsThatFrame() {
    h.start("ct", """
        title: Continuity
        review: {keyframes: auto, clips: required}
        shots:
          - {id: first, prompt: p, start_frame: {prompt: k}}
          - {id: second, prompt: q, start_frame: {from: first}, end_frame: {from: first}}
          - {id: third, prompt: r, start_frame: {prompt: m}}
        """);
    h.awaitPending("ct", "first", Subjects.clip("first"));
    h.awaitPending("ct", "third", Subjects.clip("third"));

    StoryboardStatus waiting = h.storyboard("ct").status();
    StoryboardStatus.ShotEntry second = waiting.shots().get(1);
    assertEquals(ShotStage.WAITING_FOR_CONTINUITY, second.stage());
    assertFalse(second.running());
    assertEquals(WorkflowIds.shot("ct", "second"), second.workflowId());
    assertThrows(WorkflowNotFoundException.class,
        () -> h.client.newUntypedWorkflowStub(WorkflowIds.shot("ct", "second")).describe());
    assertEquals(List.of(), h.providers.requests("second", GenerationKind.CLIP));

    h.approve("ct", "first", Subjects.clip("first"));
    h.awaitPending("ct", "second", Subjects.clip("second"));

    GenerationRequest firstClip = h.providers.requests("first", GenerationKind.CLIP).get(0);
    AssetRef expected = FakeMedia.lastFrame(new AssetRef(FakeProviders.assetIdFor(firstClip.idempotencyKey(), "mp4"), "video/mp4"));
    GenerationRequest secondClip = h.providers.requests("second", GenerationKind.CLIP).get(0);
    assertEquals(expected, secondClip.startFrame());
    assertEquals(expected, secondClip.endFrame());
    // only the shot someone continues from reports its last frame
    assertEquals(1, h.media.lastFrameOf.size());

    h.approve("ct", "second", Subjects.clip("second"));
    h.approve("ct", "third", Subjects.clip("third"));
    assertEquals(StoryboardState.COMPLETED, h.result("ct").state());
    assertEquals(List.of("first", "second", "third"),
        h.media.assemblies.get(0).shots().stream().map(s -> s.shotId()).toList());
  }

  @Test
  void independentShotsRunAtTheSameTime() {
    h.start("pl", """
        title: Parallel
        review: {keyframes: required, clips: auto}
        shots:
          - {id: left, prompt: p, start_frame: {prompt: k}}
          - {id: right, prompt: q, start_frame: {prompt: l}}
        """);
    String left = Subjects.keyframe("left", "start");
    String right = Subjects.keyframe("right", "start");
    h.awaitPending("pl", "left", left);
    h.awaitPending("pl", "right", right);

    // both wait for their reviewers at once: neither waited for the other to finish
    assertEquals(ShotStage.KEYFRAME_REVIEW, h.shot("pl", "left").status().stage());
    assertEquals(ShotStage.KEYFRAME_REVIEW, h.shot("pl", "right").status().stage());
    StoryboardStatus status = h.storyboard("pl").status();
    assertTrue(status.shots().stream().allMatch(StoryboardStatus.ShotEntry::running), status.toString());
    assertTrue(status.shots().stream().allMatch(e -> e.stage() == null), status.toString());
    assertEquals(StoryboardState.RUNNING, status.state());

    h.approve("pl", "right", right);
    h.approve("pl", "left", left);
    assertEquals(StoryboardState.COMPLETED, h.result("pl").state());
    assertNull(h.storyboard("pl").status().shots().stream().filter(StoryboardStatus.ShotEntry::running).findAny().orElse(null));
  }
}
