package io.shotflow.api.asset;

import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to an upload: refer to it in a spec as {@code asset:<id>}. */
@Introspected
@Schema(description = "A stored asset: a spec refers to it as `asset:<id>`")
public record AssetCreated(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
        example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.png",
        description = "The SHA-256 of the content and the extension of its type")
    String id,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
        example = "/api/assets/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.png",
        description = "Where to download it")
    String url) {}
