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
 * {@code tier} and {@code review} are the storyboard's settings (each shot carries its own model too), which the timelines' clip metadata and the audit
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

  /** The model {@code shot} was made with: the one it carries, else (an older request) the storyboard's. */
  public String modelOf(Shot shot) {
    return shot.model() != null ? shot.model() : model;
  }

  /** A request without the storyboard's model, tier and review policy. */
  public AssemblyRequest(String storyboardId, String title, VideoFormat format, List<Shot> shots, BigDecimal budgetUsd,
      BigDecimal spendUsd, Double loudnessLufs) {
    this(storyboardId, title, format, shots, budgetUsd, spendUsd, loudnessLufs, null, null, null);
  }

  /**
   * One shot of the cut. {@code takes} is every take the shot made, approved or not (alternates for the editor, spend
   * and the audit; null or empty: only {@code approvedTakes} are known); {@code dialogue} says the shot has a line,
   * whose sound assembly writes as {@code audio/<shot>.wav}; {@code model} is the video model the shot was made with
   * (its own or the storyboard's; null in requests made before shots carried it: see {@link #modelOf}).
   */
  public record Shot(
      String shotId,
      String prompt,
      AssetRef video,
      int durationSeconds,
      List<Take> approvedTakes,
      List<ReviewDecision> decisions,
      List<Take> takes,
      boolean dialogue,
      String model) {

    /** A shot whose model is the storyboard's. */
    public Shot(String shotId, String prompt, AssetRef video, int durationSeconds, List<Take> approvedTakes,
        List<ReviewDecision> decisions, List<Take> takes, boolean dialogue) {
      this(shotId, prompt, video, durationSeconds, approvedTakes, decisions, takes, dialogue, null);
    }

    /** A shot whose unapproved takes and dialogue are not known. */
    public Shot(String shotId, String prompt, AssetRef video, int durationSeconds, List<Take> approvedTakes,
        List<ReviewDecision> decisions) {
      this(shotId, prompt, video, durationSeconds, approvedTakes, decisions, null, false, null);
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
