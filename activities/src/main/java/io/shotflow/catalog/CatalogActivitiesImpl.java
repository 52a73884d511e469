package io.shotflow.catalog;

import io.shotflow.shot.Take;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.temporal.WorkflowIds;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

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
    StoryboardRow current = existingOrNew(record.storyboardId(), now);
    storyboards.update(new StoryboardRow(
        current.id(),
        current.title(),
        current.workflowId(),
        record.state().value(),
        record.budgetUsd() != null ? record.budgetUsd() : current.budgetUsd(),
        record.spendUsd() != null ? record.spendUsd() : current.spendUsd(),
        current.estimatedCostUsd(),
        current.specJson(),
        record.outputs() != null ? CatalogJson.write(record.outputs()) : current.outputsJson(),
        record.detail(),
        current.createdAt(),
        now));
  }

  @Override
  @Transactional
  public void recordShotStage(ShotStageRecord record) {
    Instant now = Instant.now();
    existingOrNew(record.storyboardId(), now);
    BigDecimal spend = record.spendUsd() != null ? record.spendUsd() : BigDecimal.ZERO;
    shots.findByStoryboardIdAndShotId(record.storyboardId(), record.shotId())
        .ifPresentOrElse(
            row -> shots.update(new ShotRow(row.id(), row.storyboardId(), row.shotId(), row.position(),
                record.stage().value(), spend, record.detail(), now)),
            () -> shots.save(new ShotRow(null, record.storyboardId(), record.shotId(),
                (int) shots.countByStoryboardId(record.storyboardId()), record.stage().value(), spend,
                record.detail(), now)));
  }

  @Override
  @Transactional
  public void recordTake(TakeRecord record) {
    Instant now = Instant.now();
    existingOrNew(record.storyboardId(), now);
    Take take = record.take();
    String assetId = take.asset() != null ? take.asset().id() : null;
    takes.findByStoryboardIdAndShotIdAndTakeId(record.storyboardId(), record.shotId(), take.id())
        .ifPresentOrElse(
            row -> takes.update(new TakeRow(row.id(), row.storyboardId(), row.shotId(), row.takeId(),
                take.subject(), take.kind(), assetId, take.provider(), take.providerJobId(), take.costUsd(),
                take.prompt(), take.approved(), take.attempt(), row.createdAt(), take.route())),
            () -> takes.save(new TakeRow(null, record.storyboardId(), record.shotId(), take.id(),
                take.subject(), take.kind(), assetId, take.provider(), take.providerJobId(), take.costUsd(),
                take.prompt(), take.approved(), take.attempt(), now, take.route())));
  }

  @Override
  @Transactional
  public void recordReview(ReviewRecord record) {
    Instant now = Instant.now();
    existingOrNew(record.storyboardId(), now);
    var d = record.decision();
    String verdict = d.verdict() != null ? d.verdict().name().toLowerCase(Locale.ROOT) : null;
    reviews.findByStoryboardIdAndShotIdAndSequence(record.storyboardId(), record.shotId(), record.sequence())
        .ifPresentOrElse(
            row -> reviews.update(new ReviewRow(row.id(), row.storyboardId(), row.shotId(), row.sequence(),
                d.subject(), d.take(), verdict, d.note(), d.prompt(), d.reviewer(), d.decidedAt(),
                record.applied(), row.recordedAt())),
            () -> reviews.save(new ReviewRow(null, record.storyboardId(), record.shotId(), record.sequence(),
                d.subject(), d.take(), verdict, d.note(), d.prompt(), d.reviewer(), d.decidedAt(),
                record.applied(), now)));
  }

  private StoryboardRow existingOrNew(String storyboardId, Instant now) {
    return storyboards.findById(storyboardId).orElseGet(() -> storyboards.save(new StoryboardRow(
        storyboardId, null, WorkflowIds.storyboard(storyboardId), StoryboardState.RUNNING.value(), null,
        BigDecimal.ZERO, null, null, null, null, now, now)));
  }
}
