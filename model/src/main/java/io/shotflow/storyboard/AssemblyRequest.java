package io.shotflow.storyboard;

import io.shotflow.review.ReviewDecision;
import io.shotflow.shot.Take;
import java.math.BigDecimal;
import java.util.List;
import io.shotflow.media.AssetRef;
import io.shotflow.media.VideoFormat;

/**
 * Everything assembly needs: the approved shot videos in storyboard order plus what the manifest records, and the
 * final mix's integrated loudness in LUFS ({@code loudnessLufs}; null: the spec default, −16).
 */
public record AssemblyRequest(
    String storyboardId,
    String title,
    VideoFormat format,
    List<Shot> shots,
    BigDecimal budgetUsd,
    BigDecimal spendUsd,
    Double loudnessLufs) {

  public record Shot(
      String shotId,
      String prompt,
      AssetRef video,
      int durationSeconds,
      List<Take> approvedTakes,
      List<ReviewDecision> decisions) {}
}
