package io.shotflow.api.problem;

import io.micronaut.core.annotation.Introspected;

/** One invalid field of a request: {@code field} is its path (e.g. {@code shots[1].start_frame.from}), {@code shot} its shot id. */
@Introspected
public record FieldError(String field, String shot, String message) {}
