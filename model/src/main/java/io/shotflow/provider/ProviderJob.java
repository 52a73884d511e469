package io.shotflow.provider;

/** A job a provider accepted. Returned by submit, so the job id is in workflow history before any wait. */
public record ProviderJob(String provider, String jobId, String idempotencyKey) {}
