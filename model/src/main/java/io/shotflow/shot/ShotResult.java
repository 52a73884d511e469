package io.shotflow.shot;

import io.shotflow.media.AssetRef;
import io.shotflow.review.ReviewDecision;
import java.math.BigDecimal;
import java.util.List;

/** A finished shot: its video (clip, extends, lip-sync applied) or why it has none. */
public record ShotResult(
    String shotId,
    ShotStage outcome,
    AssetRef video,
    AssetRef lastFrame,
    int durationSeconds,
    List<Take> takes,
    List<ReviewDecision> decisions,
    BigDecimal spendUsd) {}
