package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.activity.CatalogActivities.StoryboardRecord;
import io.shotflow.review.Subjects;
import io.shotflow.review.Verdict;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.ShotStatus;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.storyboard.StoryboardStatus;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The catalog follows every change of the status queries, not only stage changes. */
class LiveStatusTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void theShotsLastRecordIsItsStatusAsReviewsComeAndGo() {
    h.start("lv", """
        title: Live
        review: {keyframes: required, clips: required}
        shots:
          - id: a
            prompt: Walks toward camera
            variants: 2
            start_frame: {prompt: A hero at dawn}
            end_frame: {prompt: The hero at dusk}
        """);
    String start = Subjects.keyframe("a", "start");
    String end = Subjects.keyframe("a", "end");
    h.awaitPending("lv", "a", start);
    ShotStatus both = h.awaitShot("lv", "a", s -> s.pendingReviews().size() == 2);
    assertRecorded("a", both);

    // the stage stays keyframe_review while one of the two keyframes waits: before, the catalog missed this
    String startTake = both.pendingReviews().stream().filter(p -> p.subject().equals(start)).findFirst().orElseThrow()
        .takes().get(0);
    ShotStatus one = h.review("lv", "a", start, startTake, Verdict.APPROVE, null);
    assertEquals(ShotStage.KEYFRAME_REVIEW, one.stage());
    assertRecorded("a", h.awaitShot("lv", "a", s -> s.pendingReviews().size() == 1));

    h.approve("lv", "a", end);
    String clip = Subjects.clip("a");
    h.awaitPending("lv", "a", clip);
    assertRecorded("a", h.shot("lv", "a").status());
    h.review("lv", "a", clip, null, Verdict.REJECT, "Runs toward camera");
    ShotStatus again = h.awaitShot("lv", "a", s -> s.pendingReviews().stream()
        .anyMatch(p -> p.takes().contains("clip-a2-v1")));
    assertRecorded("a", again);

    StoryboardStatus storyboard = h.storyboard("lv").status();
    StoryboardRecord last = lastStoryboardRecord();
    assertEquals(StoryboardState.RUNNING, last.state());
    assertEquals(storyboard.spendUsd(), last.spendUsd());
    assertEquals(storyboard.detail(), last.detail());

    h.approve("lv", "a", clip);
    assertEquals(StoryboardState.COMPLETED, h.result("lv").state());
    ShotStageRecord done = lastStageRecord("a");
    assertEquals(ShotStage.DONE, done.stage());
    assertEquals(List.of(), done.pendingReviews());
    assertEquals(StoryboardState.COMPLETED, lastStoryboardRecord().state());
  }

  /** The shot's last record holds what its status query answers (the update or query ran after that task). */
  private void assertRecorded(String shotId, ShotStatus status) {
    ShotStageRecord record = Harness.eventually(() -> lastStageRecord(shotId),
        r -> r.pendingReviews().equals(status.pendingReviews()), "shot " + shotId + "'s record of " + status);
    assertEquals(status.stage(), record.stage());
    assertEquals(status.spendUsd(), record.spendUsd());
    assertEquals(status.detail(), record.detail());
  }

  private ShotStageRecord lastStageRecord(String shotId) {
    List<ShotStageRecord> records = h.catalog.stages.stream().filter(s -> s.shotId().equals(shotId)).toList();
    return records.get(records.size() - 1);
  }

  private StoryboardRecord lastStoryboardRecord() {
    return h.catalog.storyboards.get(h.catalog.storyboards.size() - 1);
  }
}
