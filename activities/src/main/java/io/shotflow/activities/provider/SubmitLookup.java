package io.shotflow.activities.provider;

/**
 * What looking up a submit that may have reached the provider found ({@link ProviderAdapter#findSubmitted}).
 * {@link Found}: the provider holds the job, so it is adopted and never sent again. {@link NotAccepted}: the
 * provider's own record says no such job exists, so sending it again pays once. {@link Unknown}: the provider offers
 * no way to tell, so a human decides ({@link io.shotflow.provider.ProviderError#AMBIGUOUS_SUBMIT}).
 */
public sealed interface SubmitLookup {

  record Found(String jobId) implements SubmitLookup {}

  record NotAccepted() implements SubmitLookup {}

  /** {@code why}: what the provider lacks, for the decision's message. */
  record Unknown(String why) implements SubmitLookup {}
}
