package io.shotflow.api.storyboard;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;

/** Body of {@code POST /api/storyboards/{id}/budget}. */
@Introspected
@Schema(description = "A new budget for a running storyboard")
public record BudgetRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0", example = "40.00",
        description = "The new hard cap on the storyboard's spend, in USD")
    @Nullable BigDecimal budgetUsd) {}
