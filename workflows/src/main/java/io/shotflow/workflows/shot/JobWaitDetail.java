package io.shotflow.workflows.shot;

import io.shotflow.provider.ProviderJob;
import java.time.Duration;
import java.time.Instant;

/** The shot's line of detail while a provider job runs: what, since when, for how long, and the provider's word. */
final class JobWaitDetail {

  private JobWaitDetail() {}

  /**
   * {@code clip a1 v1 via kling: job 8812 waiting since 2026-12-03T21:50:03Z (4m 12s), kling says processing}.
   * Times are workflow time in epoch milliseconds.
   */
  static String of(String summary, ProviderJob job, long sinceMillis, long nowMillis, String providerStatus) {
    Duration waited = Duration.ofMillis(Math.max(0, nowMillis - sinceMillis));
    return summary + ": job " + job.jobId() + " waiting since " + Instant.ofEpochMilli(sinceMillis) + " ("
        + human(waited) + "), " + job.provider() + " says " + (providerStatus == null ? "running" : providerStatus);
  }

  static String human(Duration d) {
    long h = d.toHours();
    long m = d.toMinutesPart();
    long s = d.toSecondsPart();
    return h > 0 ? h + "h " + m + "m" : m > 0 ? m + "m " + s + "s" : s + "s";
  }
}
