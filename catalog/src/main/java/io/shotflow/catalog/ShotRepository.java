package io.shotflow.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ShotRepository extends CrudRepository<ShotRow, Long> {

  /** Sets the stage of a shot that has a row, in one statement; how many rows changed (0: no row yet). */
  @Query("UPDATE shot SET stage = :stage, spend_usd = :spendUsd, detail = :detail,"
      + " pending_reviews_json = :pendingReviewsJson, updated_at = :updatedAt"
      + " WHERE storyboard_id = :storyboardId AND shot_id = :shotId")
  long updateStage(String storyboardId, String shotId, String stage, BigDecimal spendUsd, @Nullable String detail,
      @Nullable String pendingReviewsJson, Instant updatedAt);

  List<ShotRow> findByStoryboardIdOrderByPosition(String storyboardId);

  /** The shots with something awaiting a reviewer, of storyboards not yet ended (an ended one waits for nothing). */
  @Query("SELECT s.* FROM shot s JOIN storyboard b ON b.id = s.storyboard_id WHERE s.pending_reviews_json IS NOT NULL"
      + " AND b.state NOT IN ('completed', 'failed', 'cancelled', 'lost')")
  List<ShotRow> findAwaitingReview();

  long countByStoryboardId(String storyboardId);

  boolean existsByStoryboardIdAndShotId(String storyboardId, String shotId);
}
