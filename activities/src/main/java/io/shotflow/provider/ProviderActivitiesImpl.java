package io.shotflow.provider;

import jakarta.inject.Singleton;

/** Shell replaced on the media branch. */
@Singleton
public class ProviderActivitiesImpl implements ProviderActivities {
  @Override public ProviderJob submit(GenerationRequest request) { throw new IllegalStateException("not merged yet"); }
  @Override public GenerationResult awaitResult(AwaitRequest request) { throw new IllegalStateException("not merged yet"); }
}
