package io.shotflow.shot;

import io.shotflow.media.AssetRef;
import io.shotflow.review.ReviewDecision;
import java.math.BigDecimal;
import java.util.List;

/**
 * A finished shot: its video (clip, extends, lip-sync applied) or why it has none. A character's sheet has no video:
 * its {@code references} are the approved reference images, in the order the spec lists them (empty for a shot).
 */
public record ShotResult(
    String shotId,
    ShotStage outcome,
    AssetRef video,
    AssetRef lastFrame,
    int durationSeconds,
    List<Take> takes,
    List<ReviewDecision> decisions,
    BigDecimal spendUsd,
    List<AssetRef> references) {

  public ShotResult {
    references = references == null ? List.of() : List.copyOf(references);
  }

  /** A shot's result (no references). */
  public ShotResult(String shotId, ShotStage outcome, AssetRef video, AssetRef lastFrame, int durationSeconds,
      List<Take> takes, List<ReviewDecision> decisions, BigDecimal spendUsd) {
    this(shotId, outcome, video, lastFrame, durationSeconds, takes, decisions, spendUsd, List.of());
  }
}
