package io.shotflow.workflows.storyboard;

import static io.shotflow.workflows.storyboard.ShotSchedulerTest.result;
import static io.shotflow.workflows.storyboard.ShotSchedulerTest.shot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.activity.CatalogActivities.StoryboardRecord;
import io.shotflow.media.AssetRef;
import io.shotflow.shot.ShotStage;
import io.shotflow.spec.ShotSpec;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.storyboard.SpendRequest;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.storyboard.StoryboardStatus;
import io.shotflow.temporal.SearchAttributes;
import io.temporal.common.SearchAttributeUpdate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoryboardPublisherTest {

  /** What the publisher did, in order: "Stage=running", "details", or the record itself. */
  static final class Recorder implements StoryboardPublisher.Effects {
    final List<Object> effects = new ArrayList<>();
    final List<String> details = new ArrayList<>();

    @Override
    public void upsert(SearchAttributeUpdate<?>... updates) {
      for (SearchAttributeUpdate<?> update : updates) {
        effects.add(update.getKey().getName() + "=" + update.getValue().orElse(null));
      }
    }

    @Override
    public void currentDetails(String markdown) {
      effects.add("details");
      details.add(markdown);
    }

    @Override
    public void record(StoryboardRecord record) {
      effects.add(record);
    }

    @Override
    public void record(ShotStageRecord record) {
      effects.add(record);
    }

    List<StoryboardRecord> storyboardRecords() {
      return effects.stream().filter(StoryboardRecord.class::isInstance).map(StoryboardRecord.class::cast).toList();
    }

    String lastDetails() {
      return details.get(details.size() - 1);
    }
  }

  private final Recorder recorder = new Recorder();
  private ShotScheduler scheduler;
  private BudgetLedger ledger;

  /** Shots with a $0.50 allowance each under a $2.00 budget. */
  private StoryboardPublisher publisher(List<ShotSpec> shots) {
    scheduler = new ShotScheduler("sb", shots);
    Map<String, BigDecimal> allowances = new LinkedHashMap<>();
    shots.forEach(s -> allowances.put(s.id(), new BigDecimal("0.50")));
    ledger = new BudgetLedger(new BigDecimal("2.00"), allowances);
    return new StoryboardPublisher("sb", "Lighthouse", scheduler, ledger, recorder);
  }

  @Test
  void aStoryboardStartsFindableByIdAndProviderWithNothingSpentAndNoReviewAwaited() {
    publisher(List.of(shot("a", null, null))).begin("kling");

    assertEquals(List.of("StoryboardId=sb", "Provider=kling", "SpendUsd=0.0", "AwaitingReview=false"),
        recorder.effects);
  }

  @Test
  void detailsAreSetEveryTimeTheStageOnlyWhenItChangesAndTheRecordOnlyWhenItChanged() {
    StoryboardPublisher publisher = publisher(List.of(shot("a", null, null)));

    publisher.publish();
    publisher.publish();

    StoryboardRecord running = new StoryboardRecord("sb", StoryboardState.RUNNING, new BigDecimal("2.00"),
        new BigDecimal("0.50"), null, "starting");
    assertEquals(List.of("details", "Stage=running", running, "details"), recorder.effects);

    ledger.hold(new SpendRequest("a", "wf-a", 1, new BigDecimal("1.60"), "clip:a"));
    ledger.grantWhatFits();
    publisher.publish();

    assertEquals(StoryboardState.PAUSED, publisher.state());
    String paused = "paused: 1 spend request(s) need a higher budget (committed $0.50 of $2.00)";
    assertEquals(List.of("details", "Stage=paused",
        new StoryboardRecord("sb", StoryboardState.RUNNING, new BigDecimal("2.00"), new BigDecimal("0.50"), null,
            paused)), recorder.effects.subList(4, 7));
    assertEquals(paused, publisher.status().detail());
  }

  @Test
  void theDetailsShowProgressMoneyAndTheStageOfTheFirstTwentyShots() {
    List<ShotSpec> shots = new ArrayList<>();
    shots.add(shot("s0", null, null));
    shots.add(shot("s1", "s0", null));
    for (int i = 2; i < 22; i++) {
      shots.add(shot("s" + i, null, null));
    }
    StoryboardPublisher publisher = publisher(shots);
    scheduler.advance();
    scheduler.finished("s2", result("s2", ShotStage.DONE, null, "0.40", List.of()), null);
    scheduler.settle("s2");
    scheduler.finished("s0", result("s0", ShotStage.FAILED, null, null, List.of()), null);
    scheduler.settle("s0");
    scheduler.advance();
    ledger.setBudget(new BigDecimal("11.00"));
    ledger.hold(new SpendRequest("s3", "wf-s3", 1, new BigDecimal("1.00"), "clip:s3"));

    publisher.publish();

    List<String> lines = recorder.lastDetails().lines().toList();
    assertEquals("**Lighthouse** · paused · 1/22 shots done · committed $11.00 of $11.00 · 1 spend request(s) awaiting"
        + " budget", lines.get(0));
    assertEquals(List.of("", "| shot | stage |", "|---|---|", "| s0 | failed |",
        "| s1 | skipped (skipped: continues from shot s0, which ended failed) |", "| s2 | done |",
        "| s3 | awaiting_budget |", "| s4 | running |"), lines.subList(1, 9));
    assertEquals("| s19 | running |", lines.get(lines.size() - 2));
    assertEquals("| … | 2 more |", lines.get(lines.size() - 1));
  }

  @Test
  void aShotWaitingForFramesShowsAsWaitingInTheDetailsTheStatusAndTheCatalog() {
    StoryboardPublisher publisher = publisher(List.of(shot("a", null, null), shot("b", null, null),
        shot("c", "a", "b")));
    scheduler.advance();
    scheduler.newlyWaiting().forEach(publisher::shotWaiting);

    publisher.publish();

    assertEquals(new ShotStageRecord("sb", "c", ShotStage.WAITING_FOR_CONTINUITY, BigDecimal.ZERO,
        "waiting for the last frame of a and b", List.of()), recorder.effects.get(0));
    assertTrue(recorder.lastDetails().contains("| c | waiting_for_continuity |"), recorder.lastDetails());
    StoryboardStatus status = publisher.status();
    assertEquals(List.of(
        new StoryboardStatus.ShotEntry("a", "storyboard-sb-shot-a", null, true),
        new StoryboardStatus.ShotEntry("b", "storyboard-sb-shot-b", null, true),
        new StoryboardStatus.ShotEntry("c", "storyboard-sb-shot-c", ShotStage.WAITING_FOR_CONTINUITY, false)),
        status.shots());
    assertEquals(new BigDecimal("1.50"), status.estimatedCostUsd());
    assertEquals(new BigDecimal("1.50"), status.spendUsd(), "what is committed while the storyboard runs");
  }

  @Test
  void aShotThatNeverStartedIsRecordedWithWhy() {
    StoryboardPublisher publisher = publisher(List.of(shot("a", null, null)));

    publisher.shotEnded(new ShotScheduler.EndUnstarted("a", ShotStage.CANCELLED, "not started: cancelled"));

    assertEquals(List.of(new ShotStageRecord("sb", "a", ShotStage.CANCELLED, BigDecimal.ZERO,
        "not started: cancelled", List.of())), recorder.effects);
  }

  @Test
  void theEndPublishesTheActualSpendAndTheFinalRecordAndNoRunningRecordAfterIt() {
    StoryboardPublisher publisher = publisher(List.of(shot("a", null, null)));
    publisher.publish();
    scheduler.advance();
    scheduler.finished("a", result("a", ShotStage.DONE, null, "0.45", List.of()), null);
    scheduler.settle("a");
    AssemblyResult outputs = new AssemblyResult(new AssetRef("cut.mp4", "video/mp4"), null, null, null, null, null, 5);
    publisher.assembled(outputs);
    publisher.detail("assembled 1 shot");
    recorder.effects.clear();

    publisher.end(StoryboardState.COMPLETED);
    publisher.publish();

    StoryboardRecord completed = new StoryboardRecord("sb", StoryboardState.COMPLETED, new BigDecimal("2.00"),
        new BigDecimal("0.45"), outputs, "assembled 1 shot");
    assertEquals(List.of("SpendUsd=0.45", "details", "Stage=completed", completed, "details"), recorder.effects);
    assertEquals(StoryboardState.COMPLETED, publisher.status().state());
    assertEquals(outputs, publisher.status().outputs());
    assertTrue(recorder.lastDetails().startsWith("**Lighthouse** · completed · 1/1 shots done"));
  }

  @Test
  void theEndOfAPausedStoryboardShowsItsOwnDetailNotThePause() {
    StoryboardPublisher publisher = publisher(List.of(shot("a", null, null)));
    ledger.hold(new SpendRequest("a", "wf-a", 1, new BigDecimal("5.00"), "clip:a"));
    publisher.detail("cancelled");

    publisher.end(StoryboardState.CANCELLED);

    assertEquals(StoryboardState.CANCELLED, publisher.state());
    assertEquals("cancelled", publisher.status().detail());
    assertEquals("cancelled", recorder.storyboardRecords().get(0).detail());
    assertNull(recorder.storyboardRecords().get(0).outputs());
    assertEquals(1, recorder.storyboardRecords().size(), "an ended storyboard writes only its final record");
  }
}
