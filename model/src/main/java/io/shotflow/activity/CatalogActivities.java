package io.shotflow.activity;

import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.review.PendingReview;
import io.shotflow.review.ReviewDecision;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.Take;
import io.shotflow.storyboard.StoryboardState;
import io.temporal.activity.ActivityInterface;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writes to the catalog database, the queryable record of storyboards, takes, reviews and spend.
 * Every method is an idempotent upsert: activity retries never duplicate a row.
 */
@ActivityInterface
public interface CatalogActivities {

  void recordStoryboardState(StoryboardRecord record);

  void recordShotStage(ShotStageRecord record);

  void recordTake(TakeRecord record);

  void recordReview(ReviewRecord record);

  /** The writes in order, in one transaction: what a workflow queued while it ran (see {@code CatalogWriter}). */
  void record(List<CatalogWrite> writes);

  record StoryboardRecord(
      String storyboardId,
      StoryboardState state,
      BigDecimal budgetUsd,
      BigDecimal spendUsd,
      AssemblyResult outputs,
      String detail) {}

  /** {@code pendingReviews}: what waits for a reviewer. */
  record ShotStageRecord(String storyboardId, String shotId, ShotStage stage, BigDecimal spendUsd, String detail,
      List<PendingReview> pendingReviews) {}

  record TakeRecord(String storyboardId, String shotId, Take take) {}

  /** {@code sequence} numbers the decisions of one shot, so a retried write is recognised. */
  record ReviewRecord(String storyboardId, String shotId, int sequence, ReviewDecision decision, boolean applied) {}

  /** One write of a batch: exactly one of the four is set. */
  record CatalogWrite(StoryboardRecord storyboard, ShotStageRecord stage, TakeRecord take, ReviewRecord review) {

    public static CatalogWrite of(StoryboardRecord record) {
      return new CatalogWrite(record, null, null, null);
    }

    public static CatalogWrite of(ShotStageRecord record) {
      return new CatalogWrite(null, record, null, null);
    }

    public static CatalogWrite of(TakeRecord record) {
      return new CatalogWrite(null, null, record, null);
    }

    public static CatalogWrite of(ReviewRecord record) {
      return new CatalogWrite(null, null, null, record);
    }

    /** Makes this write through {@code catalog}'s single-record methods. */
    public void applyTo(CatalogActivities catalog) {
      if (storyboard != null) {
        catalog.recordStoryboardState(storyboard);
      } else if (stage != null) {
        catalog.recordShotStage(stage);
      } else if (take != null) {
        catalog.recordTake(take);
      } else if (review != null) {
        catalog.recordReview(review);
      } else {
        throw new IllegalArgumentException("a catalog write names none of storyboard, stage, take or review");
      }
    }
  }
}
