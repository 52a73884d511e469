package io.shotflow.api.storyboard;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.shotflow.catalog.StoryboardRow;
import io.swagger.v3.oas.annotations.media.Schema;
import io.shotflow.storyboard.StoryboardState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

/**
 * One entry of {@code GET /api/storyboards}, straight from the catalog; {@code pendingReviewCount}: how many subjects
 * wait for a reviewer (the status lists them).
 */
@Introspected
public record StoryboardSummary(String id, @Nullable String title, String workflowId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
        type = "string", allowableValues = {"running", "awaiting_review", "paused", "completed", "failed", "cancelled",
            "lost"})
    String state,
    @Nullable BigDecimal budgetUsd, BigDecimal spendUsd, @Nullable BigDecimal estimatedCostUsd,
    @Schema(description = "How many subjects wait for a reviewer; `GET /api/storyboards/{id}` lists them")
    int pendingReviewCount,
    Instant createdAt, Instant updatedAt) {

  private static final Set<String> RUNNING = Set.of(StoryboardState.RUNNING.value(),
      StoryboardState.AWAITING_REVIEW.value(), StoryboardState.PAUSED.value());

  /** {@code state} reads as the status reads it: awaiting review while anything waits for a reviewer. */
  static StoryboardSummary of(StoryboardRow row, int pendingReviewCount) {
    String state = row.state();
    if (RUNNING.contains(state)) {
      state = pendingReviewCount > 0 ? StoryboardState.AWAITING_REVIEW.value()
          : StoryboardState.AWAITING_REVIEW.value().equals(state) ? StoryboardState.RUNNING.value() : state;
    }
    return new StoryboardSummary(row.id(), row.title(), row.workflowId(), state, row.budgetUsd(),
        row.spendUsd(), row.estimatedCostUsd(), pendingReviewCount, row.createdAt(), row.updatedAt());
  }
}
