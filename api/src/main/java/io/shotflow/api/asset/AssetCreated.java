package io.shotflow.api.asset;

import io.micronaut.core.annotation.Introspected;

/** The answer to an upload: refer to it in a spec as {@code asset:<id>}. */
@Introspected
public record AssetCreated(String id, String url) {}
