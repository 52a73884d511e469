package io.shotflow.api.problem;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** One invalid field of a request: {@code field} is its path (e.g. {@code shots[1].start_frame.from}), {@code shot} its shot id. */
@Introspected
@Schema(description = "One invalid field of a refused spec or request")
public record FieldError(
    @Schema(description = "The field's path in the request body; absent when the problem is the whole document",
        example = "shots[1].start_frame.from")
    @Nullable String field,
    @Schema(description = "The id of the shot the field belongs to, when known", example = "closeup")
    @Nullable String shot,
    @Schema(description = "What is wrong with it", example = "names no shot: 'revael'")
    String message) {}
