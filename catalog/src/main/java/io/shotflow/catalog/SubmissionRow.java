package io.shotflow.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One request to a provider, as the submit ledger ({@link SubmissionLedger}) records it; {@code answeredAt} once the
 * provider's answer (the job id) was recorded, {@code endedAt} once a check saw its job end (it no longer holds one of the provider's {@code max-concurrent} slots).
 */
@MappedEntity("provider_submission")
public record SubmissionRow(
    @Id @GeneratedValue @Nullable Long id,
    String idempotencyKey,
    String provider,
    String workflowId,
    String state,
    @Nullable String jobId,
    Instant sentAt,
    Instant updatedAt,
    @Nullable Instant answeredAt,
    @Nullable Instant endedAt) {}
