package io.shotflow.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.math.BigDecimal;
import java.time.Instant;

/** A generated take, unique per storyboard, shot and take id; {@code route} as on {@link io.shotflow.shot.Take}. */
@MappedEntity("take")
public record TakeRow(
    @Id @GeneratedValue @Nullable Long id,
    String storyboardId,
    String shotId,
    String takeId,
    String subject,
    String kind,
    @Nullable String assetId,
    @Nullable String provider,
    @Nullable String providerJobId,
    @Nullable BigDecimal costUsd,
    @Nullable String prompt,
    boolean approved,
    int attempt,
    Instant createdAt,
    @Nullable String route) {}
