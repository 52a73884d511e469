package io.shotflow.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * The audit of who decided what: one row per decision a shot received, numbered by {@code sequence}.
 * {@code applied} is false for a decision the workflow recorded but could not act on (an invalid signal);
 * {@code policy} names the rule that decided when no person did.
 */
@MappedEntity("review")
public record ReviewRow(
    @Id @GeneratedValue @Nullable Long id,
    String storyboardId,
    String shotId,
    int sequence,
    String subject,
    @Nullable String takeId,
    @Nullable String verdict,
    @Nullable String note,
    @Nullable String prompt,
    @Nullable String reviewer,
    @Nullable String decidedAt,
    boolean applied,
    Instant recordedAt,
    @Nullable String policy) {}
