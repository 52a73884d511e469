package io.shotflow.catalog;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A provider's row in {@code provider_submit_lock}, which a submit holds while it takes one of its slots. */
@MappedEntity("provider_submit_lock")
public record ProviderLockRow(@Id String provider) {}
