package io.shotflow.storyboard;

import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.RateCard;
import io.shotflow.spec.StoryboardSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * A validated spec whose image and audio references are all {@code asset:} URIs, with what the server knew at
 * submission, fixed for the storyboard's whole life: {@code rateCard}, the prices it budgets and charges at;
 * {@code capabilities}, what the providers it may call declare (its provider, fallbacks and lip-sync providers, in its
 * model and tier), which its workflows route, fail over and extend by; and {@code providerQueueWait}, how long a
 * submit waits for a provider's worker before that provider counts as down (null: the default).
 */
public record StoryboardInput(String storyboardId, StoryboardSpec spec, RateCard rateCard,
    ProviderCapabilities capabilities, Duration providerQueueWait) {

  public StoryboardInput {
    Objects.requireNonNull(rateCard, "rateCard");
    Objects.requireNonNull(capabilities, "capabilities");
  }
}
