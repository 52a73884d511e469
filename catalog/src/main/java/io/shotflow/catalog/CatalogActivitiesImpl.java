package io.shotflow.catalog;

import io.shotflow.shot.Take;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.temporal.WorkflowIds;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import io.shotflow.activity.CatalogActivities;

/**
 * Catalog writes from the workflows. Each is a find-then-update-or-insert in one transaction, so a retried
 * activity rewrites the same row. A storyboard started without the API (tests, benches) gets a minimal row on
 * its first write, so shot, take and review rows always have a parent.
 */
@Singleton
public class CatalogActivitiesImpl implements CatalogActivities {

  private final StoryboardRepository storyboards;
  private final ShotRepository shots;
  private final TakeRepository takes;
  private final ReviewRepository reviews;

  public CatalogActivitiesImpl(
      StoryboardRepository storyboards, ShotRepository shots, TakeRepository takes, ReviewRepository reviews) {
    this.storyboards = storyboards;
    this.shots = shots;
    this.takes = takes;
    this.reviews = reviews;
  }

  @Override
  @Transactional
  public void recordStoryboardState(StoryboardRecord record) {
    Instant now = Instant.now();
    String outputs = record.outputs() != null ? CatalogJson.write(record.outputs()) : null;
    if (updateState(record, outputs, now) == 0) {
      storyboards.save(minimal(record.storyboardId(), now));
      updateState(record, outputs, now);
    }
  }

  private long updateState(StoryboardRecord record, String outputs, Instant now) {
    return storyboards.updateState(record.storyboardId(), record.state().value(), record.budgetUsd(),
        record.spendUsd(), outputs, record.detail(), now);
  }

  @Override
  @Transactional
  public void recordShotStage(ShotStageRecord record) {
    Instant now = Instant.now();
    BigDecimal spend = record.spendUsd() != null ? record.spendUsd() : BigDecimal.ZERO;
    String pending = record.pendingReviews() == null || record.pendingReviews().isEmpty() ? null
        : CatalogJson.write(record.pendingReviews());
    // the common case, a shot moving on, is one statement; the first write of a shot inserts its row
    if (shots.updateStage(record.storyboardId(), record.shotId(), record.stage().value(), spend, record.detail(),
        pending, now) == 0) {
      ensureStoryboard(record.storyboardId(), now);
      shots.save(new ShotRow(null, record.storyboardId(), record.shotId(),
          (int) shots.countByStoryboardId(record.storyboardId()), record.stage().value(), spend, record.detail(),
          pending, now));
    }
  }

  @Override
  @Transactional
  public void recordTake(TakeRecord record) {
    Instant now = Instant.now();
    Take take = record.take();
    String assetId = take.asset() != null ? take.asset().id() : null;
    takes.findByStoryboardIdAndShotIdAndTakeId(record.storyboardId(), record.shotId(), take.id())
        .ifPresentOrElse(
            row -> takes.update(new TakeRow(row.id(), row.storyboardId(), row.shotId(), row.takeId(),
                take.subject(), take.kind(), assetId, take.provider(), take.providerJobId(), take.costUsd(),
                take.prompt(), take.approved(), take.attempt(), row.createdAt(), take.route())),
            () -> {
              ensureStoryboard(record.storyboardId(), now);
              takes.save(new TakeRow(null, record.storyboardId(), record.shotId(), take.id(), take.subject(),
                  take.kind(), assetId, take.provider(), take.providerJobId(), take.costUsd(), take.prompt(),
                  take.approved(), take.attempt(), now, take.route()));
            });
  }

  @Override
  @Transactional
  public void recordReview(ReviewRecord record) {
    Instant now = Instant.now();
    var d = record.decision();
    String verdict = d.verdict() != null ? d.verdict().name().toLowerCase(Locale.ROOT) : null;
    reviews.findByStoryboardIdAndShotIdAndSequence(record.storyboardId(), record.shotId(), record.sequence())
        .ifPresentOrElse(
            row -> reviews.update(new ReviewRow(row.id(), row.storyboardId(), row.shotId(), row.sequence(),
                d.subject(), d.take(), verdict, d.note(), d.prompt(), d.reviewer(), d.decidedAt(),
                record.applied(), row.recordedAt(), d.policy())),
            () -> {
              ensureStoryboard(record.storyboardId(), now);
              reviews.save(new ReviewRow(null, record.storyboardId(), record.shotId(), record.sequence(),
                  d.subject(), d.take(), verdict, d.note(), d.prompt(), d.reviewer(), d.decidedAt(),
                  record.applied(), now, d.policy()));
            });
  }

  @Override
  @Transactional
  public void record(List<CatalogWrite> writes) {
    try {
      writes.forEach(write -> write.applyTo(this));
    } catch (RuntimeException e) {
      throw CatalogRefusal.classify(e);
    }
  }

  /** The parent row of a new shot, take or review; checked without loading it (its spec can be large). */
  private void ensureStoryboard(String storyboardId, Instant now) {
    if (!storyboards.existsById(storyboardId)) {
      storyboards.save(minimal(storyboardId, now));
    }
  }

  private static StoryboardRow minimal(String storyboardId, Instant now) {
    return new StoryboardRow(storyboardId, null, WorkflowIds.storyboard(storyboardId), StoryboardState.RUNNING.value(),
        null, BigDecimal.ZERO, null, null, null, null, now, now);
  }
}
