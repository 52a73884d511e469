package io.shotflow.api.storyboard;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/** Body of {@code POST /api/storyboards/{id}/reviews}; {@code verdict} is checked by hand so a bad one names the field. */
@Introspected
public record ReviewRequest(@Nullable String subject, @Nullable String take, @Nullable String verdict,
    @Nullable String note, @Nullable String prompt) {}
