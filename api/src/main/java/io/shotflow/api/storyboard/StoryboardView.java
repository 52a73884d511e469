package io.shotflow.api.storyboard;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.shotflow.storyboard.StoryboardState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
    @Schema(implementation = String.class, requiredMode = Schema.RequiredMode.REQUIRED,
        type = "string", allowableValues = {"running", "awaiting_review", "paused", "completed", "failed", "cancelled",
            "lost"})
    StoryboardState state,
    @Nullable BigDecimal budgetUsd,
    BigDecimal spendUsd,
    @Nullable BigDecimal estimatedCostUsd,
    int progressPercent,
    List<ShotView> shots,
    List<PendingReviewView> pendingReviews,
    @Schema(type = "object", description = "Present once the cut is assembled")
    @Nullable OutputsView outputs,
    @Nullable String detail,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, type = "string", allowableValues = {"catalog", "temporal"})
    String source,
    Instant createdAt,
    Instant updatedAt) {

  public boolean terminal() {
    return state.terminal();
  }

  /** One shot: {@code stage} is a {@link io.shotflow.shot.ShotStage} value, or {@code queued} before the shot starts. */
  @Introspected
  @Schema(description = "One shot of the storyboard")
  public record ShotView(String id,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Where the shot is; `queued` before it starts",
          type = "string", allowableValues = {"queued", "waiting_for_continuity", "keyframes", "keyframe_review",
              "clip", "clip_review", "extend", "extend_review", "lip_sync", "lip_sync_review", "awaiting_decision",
              "awaiting_budget", "paused", "done", "skipped", "cancelled", "failed"})
      String stage,
      BigDecimal spendUsd, @Nullable String detail, List<TakeView> takes,
      List<PendingReviewView> pendingReviews) {}

  /** {@code route}: the providers the call went through ({@code kling}, or {@code kling→fal} after a failover). */
  @Introspected
  public record TakeView(String id, String subject,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, type = "string",
          allowableValues = {"keyframe", "clip", "extend", "lip_sync"})
      String kind, @Nullable String assetUrl, @Nullable String provider,
      @Nullable BigDecimal costUsd, @Nullable String prompt, boolean approved, @Nullable String route) {}

  /** A subject waiting for a reviewer; {@code takes} is empty for a decision after a failure, explained by {@code reason}. */
  @Introspected
  public record PendingReviewView(String shot, String subject, List<String> takes, @Nullable String since,
      @Nullable String deadline, @Nullable String reason) {}

  /**
   * Links to the final cut and the editor exports, once assembled; {@code files} links the per-shot files the
   * timelines reference, by their path in the output folder ({@code shots/<shot>.mp4}, {@code takes/<shot>/<take>.mp4},
   * {@code audio/<shot>.wav}).
   */
  @Introspected
  public record OutputsView(String finalCut, String timelineOtio, String cutEdl, String cutFcpxml,
      String contactSheet, String manifest, double durationSeconds,
      @Schema(description = "Per-shot files by their path in the output folder, each a link to the asset")
      Map<String, String> files) {}
}
