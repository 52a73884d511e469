package io.shotflow.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A shot's last recorded stage; {@code position} is its index in the spec. {@code stage} is null until the shot starts.
 * {@code pendingReviewsJson}: what waits for a reviewer, as a JSON array (null: none, or not recorded by its workflow).
 */
@MappedEntity("shot")
public record ShotRow(
    @Id @GeneratedValue @Nullable Long id,
    String storyboardId,
    String shotId,
    int position,
    @Nullable String stage,
    BigDecimal spendUsd,
    @Nullable String detail,
    @Nullable String pendingReviewsJson,
    Instant updatedAt) {}
