package io.shotflow.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A provider one worker process can call, and when that worker last said so ({@link WorkerRoster}). */
@MappedEntity("worker_provider")
public record WorkerProviderRow(
    @Id @GeneratedValue @Nullable Long id,
    String workerId,
    String provider,
    Instant lastSeen) {}
