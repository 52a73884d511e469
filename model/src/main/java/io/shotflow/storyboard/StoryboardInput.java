package io.shotflow.storyboard;

import io.shotflow.provider.RateCard;
import io.shotflow.spec.StoryboardSpec;
import java.time.Duration;

/**
 * A validated spec whose image and audio references are all {@code asset:} URIs, with what the server was configured
 * with at submission, fixed for the storyboard's whole life: {@code rateCard}, the prices it budgets and charges at,
 * and {@code providerQueueWait}, how long a submit waits for a provider's worker before that provider counts as down.
 * Both are null for storyboards started before they were part of the input (the catalog's prices, the default wait).
 */
public record StoryboardInput(String storyboardId, StoryboardSpec spec, RateCard rateCard, Duration providerQueueWait) {}
