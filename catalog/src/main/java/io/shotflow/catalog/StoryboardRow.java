package io.shotflow.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One storyboard in the catalog. {@code specJson} is the submitted spec with refs rewritten to assets.
 */
@MappedEntity("storyboard")
public record StoryboardRow(
    @Id String id,
    @Nullable String title,
    String workflowId,
    String state,
    @Nullable BigDecimal budgetUsd,
    BigDecimal spendUsd,
    @Nullable BigDecimal estimatedCostUsd,
    @Nullable String specJson,
    @Nullable String outputsJson,
    @Nullable String detail,
    Instant createdAt,
    Instant updatedAt) {}
