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
public interface StoryboardRepository extends CrudRepository<StoryboardRow, String> {

  List<StoryboardRow> listOrderByCreatedAtDesc();

  /**
   * Records a storyboard's state in one statement, without reading or rewriting its spec; a null budget, spend or
   * outputs keeps the stored one. How many rows changed (0: no row yet).
   */
  @Query("UPDATE storyboard SET state = :state, budget_usd = COALESCE(:budgetUsd, budget_usd),"
      + " spend_usd = COALESCE(:spendUsd, spend_usd), outputs_json = COALESCE(:outputsJson, outputs_json),"
      + " detail = :detail, updated_at = :updatedAt WHERE id = :id")
  long updateState(String id, String state, @Nullable BigDecimal budgetUsd, @Nullable BigDecimal spendUsd,
      @Nullable String outputsJson, @Nullable String detail, Instant updatedAt);

  /** Records {@code lost} with why, unless the row is already in an end state. How many rows changed. */
  @Query("UPDATE storyboard SET state = 'lost', detail = :detail, updated_at = :updatedAt WHERE id = :id"
      + " AND state NOT IN ('completed', 'failed', 'cancelled', 'lost')")
  long markLost(String id, String detail, Instant updatedAt);
}
