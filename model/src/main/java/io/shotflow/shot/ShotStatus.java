package io.shotflow.shot;

import io.shotflow.review.PendingReview;
import java.math.BigDecimal;
import java.util.List;

/** What a shot workflow's status query returns; the API shows it as one entry of {@code shots[]}. */
public record ShotStatus(
    String id,
    ShotStage stage,
    List<Take> takes,
    List<PendingReview> pendingReviews,
    BigDecimal spendUsd,
    String detail) {}
