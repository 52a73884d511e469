package io.shotflow.storyboard;

import io.shotflow.review.ReviewDecision;
import io.shotflow.shot.Take;
import io.shotflow.spec.ReviewPolicy;
import java.math.BigDecimal;
import java.util.List;
import io.shotflow.media.AssetRef;
import io.shotflow.media.VideoFormat;

/**
 * Everything assembly needs: the approved shot videos in storyboard order plus what the manifest records, and the
 * final mix's integrated loudness in LUFS ({@code loudnessLufs}; null: the spec default, −16). {@code model},
 * {@code tier} and {@code review} are the storyboard's settings, which the timelines' clip metadata and the audit
 * (which gates approved automatically) name; null in requests made before they were part of it.
 */
public record AssemblyRequest(
    String storyboardId,
    String title,
    VideoFormat format,
    List<Shot> shots,
    BigDecimal budgetUsd,
    BigDecimal spendUsd,
    Double loudnessLufs,
    String model,
    String tier,
    ReviewPolicy review) {

  /** A request without the storyboard's model, tier and review policy. */
  public AssemblyRequest(String storyboardId, String title, VideoFormat format, List<Shot> shots, BigDecimal budgetUsd,
      BigDecimal spendUsd, Double loudnessLufs) {
    this(storyboardId, title, format, shots, budgetUsd, spendUsd, loudnessLufs, null, null, null);
  }

  /**
   * One shot of the cut. {@code takes} is every take the shot made, approved or not (alternates for the editor, spend
   * and the audit; null or empty: only {@code approvedTakes} are known); {@code dialogue} says the shot has a line,
   * whose sound assembly writes as {@code audio/<shot>.wav}.
   */
  public record Shot(
      String shotId,
      String prompt,
      AssetRef video,
      int durationSeconds,
      List<Take> approvedTakes,
      List<ReviewDecision> decisions,
      List<Take> takes,
      boolean dialogue) {

    /** A shot whose unapproved takes and dialogue are not known. */
    public Shot(String shotId, String prompt, AssetRef video, int durationSeconds, List<Take> approvedTakes,
        List<ReviewDecision> decisions) {
      this(shotId, prompt, video, durationSeconds, approvedTakes, decisions, null, false);
    }

    /** Every take known: {@code takes} when given, else the approved ones. */
    public List<Take> allTakes() {
      if (takes != null && !takes.isEmpty()) {
        return takes;
      }
      return approvedTakes == null ? List.of() : approvedTakes;
    }
  }
}
