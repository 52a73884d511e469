package io.shotflow.api.storyboard;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.shotflow.storyboard.StoryboardState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The status document of {@code GET /api/storyboards/{id}}. {@code source} says where it came from: {@code catalog},
 * what the workflows recorded (as it changes while they run, their last record once closed or while Temporal does
 * not answer).
 */
@Introspected
public record StoryboardView(
    String id,
    @Nullable String title,
    String workflowId,
    StoryboardState state,
    @Nullable BigDecimal budgetUsd,
    BigDecimal spendUsd,
    @Nullable BigDecimal estimatedCostUsd,
    int progressPercent,
    List<ShotView> shots,
    List<PendingReviewView> pendingReviews,
    @Nullable OutputsView outputs,
    @Nullable String detail,
    String source,
    Instant createdAt,
    Instant updatedAt) {

  public boolean terminal() {
    return state == StoryboardState.COMPLETED || state == StoryboardState.FAILED || state == StoryboardState.CANCELLED;
  }

  /** One shot: {@code stage} is a {@link io.shotflow.shot.ShotStage} value, or {@code queued} before the shot starts. */
  @Introspected
  public record ShotView(String id, String stage, BigDecimal spendUsd, @Nullable String detail, List<TakeView> takes,
      List<PendingReviewView> pendingReviews) {}

  /** {@code route}: the providers the call went through ({@code kling}, or {@code kling→fal} after a failover). */
  @Introspected
  public record TakeView(String id, String subject, String kind, @Nullable String assetUrl, @Nullable String provider,
      @Nullable BigDecimal costUsd, @Nullable String prompt, boolean approved, @Nullable String route) {}

  /** A subject waiting for a reviewer; {@code takes} is empty for a decision after a failure, explained by {@code reason}. */
  @Introspected
  public record PendingReviewView(String shot, String subject, List<String> takes, @Nullable String since,
      @Nullable String deadline, @Nullable String reason) {}

  /** Links to the final cut and the editor exports, once assembled. */
  @Introspected
  public record OutputsView(String finalCut, String timelineOtio, String cutEdl, String cutFcpxml,
      String contactSheet, String manifest, double durationSeconds) {}
}
