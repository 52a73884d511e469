package io.shotflow.storyboard;

import java.math.BigDecimal;

public record StoryboardResult(String storyboardId, StoryboardState state, AssemblyResult outputs, BigDecimal spendUsd, String detail) {}
