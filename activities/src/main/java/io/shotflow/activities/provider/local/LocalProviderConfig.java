package io.shotflow.activities.provider.local;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * {@code shotflow.providers.local.*}: how slow and how flaky the local provider pretends to be, and where it keeps
 * its jobs.
 */
@ConfigurationProperties("shotflow.providers.local")
public class LocalProviderConfig {

  private Duration latency = Duration.ZERO;
  private double failureRate = 0;
  private String jobsDir = "data/local-jobs";
  private int renderThreads = Runtime.getRuntime().availableProcessors();

  /** How long after submission a job reports running before it renders (default none). */
  public Duration getLatency() {
    return latency;
  }

  public void setLatency(Duration latency) {
    if (latency == null || latency.isNegative()) {
      throw new IllegalArgumentException("shotflow.providers.local.latency must not be negative, got " + latency);
    }
    this.latency = latency;
  }

  /** The share of submissions refused with a transient error, 0..1 (default 0). */
  public double getFailureRate() {
    return failureRate;
  }

  public void setFailureRate(double failureRate) {
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw new IllegalArgumentException(
          "shotflow.providers.local.failure-rate must be within 0..1, got " + failureRate);
    }
    this.failureRate = failureRate;
  }

  /** Where job records and outputs live (default {@code data/local-jobs}). */
  public String getJobsDir() {
    return jobsDir;
  }

  public void setJobsDir(String jobsDir) {
    this.jobsDir = jobsDir;
  }

  /** How many jobs render at once (default and maximum: the number of cores). */
  public int getRenderThreads() {
    return renderThreads;
  }

  public void setRenderThreads(int renderThreads) {
    if (renderThreads < 1) {
      throw new IllegalArgumentException("shotflow.providers.local.render-threads must be at least 1, got " + renderThreads);
    }
    this.renderThreads = renderThreads;
  }
}
