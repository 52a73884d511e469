package io.shotflow.activities.provider;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** {@code shotflow.job-watch.*}: how provider waits behave (see {@link JobWatch}). */
@ConfigurationProperties("shotflow.job-watch")
public class JobWatchConfig {

  private Duration maxWait = Duration.ofMinutes(10);
  private Duration notificationMemory = Duration.ofMinutes(10);
  private int checkThreads = 4;

  /** The longest one wait attempt lasts before it ends as JOB_PENDING and Temporal starts the next (default 10 min). */
  public Duration getMaxWait() {
    return maxWait;
  }

  public void setMaxWait(Duration maxWait) {
    if (maxWait == null || maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("shotflow.job-watch.max-wait must be positive, got " + maxWait);
    }
    this.maxWait = maxWait;
  }

  /** How long a notification for a job nobody waits on yet is kept (default 10 min). */
  public Duration getNotificationMemory() {
    return notificationMemory;
  }

  public void setNotificationMemory(Duration notificationMemory) {
    if (notificationMemory == null || notificationMemory.isNegative() || notificationMemory.isZero()) {
      throw new IllegalArgumentException("shotflow.job-watch.notification-memory must be positive, got "
          + notificationMemory);
    }
    this.notificationMemory = notificationMemory;
  }

  /** Threads that poll and copy outputs of ended jobs (default 4). */
  public int getCheckThreads() {
    return checkThreads;
  }

  public void setCheckThreads(int checkThreads) {
    if (checkThreads < 1) {
      throw new IllegalArgumentException("shotflow.job-watch.check-threads must be at least 1, got " + checkThreads);
    }
    this.checkThreads = checkThreads;
  }
}
