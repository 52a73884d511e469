package io.shotflow.provider;

/** A verified webhook (or a provider running in-process) says job {@code jobId} on {@code provider} changed. */
public record ProviderJobChanged(String provider, String jobId) {}
