package io.shotflow.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A file received through the API (uploads and imported URLs); generated media lives only in the asset store. */
@MappedEntity("asset")
public record AssetRow(@Id String id, String contentType, long sizeBytes, @Nullable String originalName, Instant createdAt) {}
