package io.shotflow.api.storyboard;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.math.BigDecimal;

/** Body of {@code POST /api/storyboards/{id}/budget}. */
@Introspected
public record BudgetRequest(@Nullable BigDecimal budgetUsd) {}
