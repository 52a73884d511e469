package io.shotflow.catalog;

import io.shotflow.media.AssemblyResult;
import io.shotflow.review.ReviewDecision;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.Take;
import io.shotflow.storyboard.StoryboardState;
import io.temporal.activity.ActivityInterface;
import java.math.BigDecimal;

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

  record StoryboardRecord(
      String storyboardId,
      StoryboardState state,
      BigDecimal budgetUsd,
      BigDecimal spendUsd,
      AssemblyResult outputs,
      String detail) {}

  record ShotStageRecord(String storyboardId, String shotId, ShotStage stage, BigDecimal spendUsd, String detail) {}

  record TakeRecord(String storyboardId, String shotId, Take take) {}

  /** {@code sequence} numbers the decisions of one shot, so a retried write is recognised. */
  record ReviewRecord(String storyboardId, String shotId, int sequence, ReviewDecision decision, boolean applied) {}
}
