package io.shotflow.provider;

/**
 * What a verified provider webhook (or a provider running in-process) calls when a job changed state. It is a
 * hint: the waiting side confirms by polling the provider once before completing the wait, so a forged or lost
 * notification can only cost time, never a wrong result.
 */
public interface JobNotifications {

  void jobChanged(String provider, String jobId);
}
