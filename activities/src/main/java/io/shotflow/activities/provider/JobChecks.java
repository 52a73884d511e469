package io.shotflow.activities.provider;

import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * When a running job is looked at next, and when it has waited too long. The shot workflow waits between checks on a
 * durable timer, so every check costs a few history events: checks come every {@code poll-interval} (unset: 10 s for
 * a provider without webhooks, 60 s as the fallback for one with them) while the job is young, then every tenth of
 * the time waited so far, at most every {@link #LONGEST_INTERVAL}: a 24-hour job is looked at a few hundred times
 * and its history stays small. A job that has run longer than its provider's {@code max-job-wait} is {@link
 * ProviderError#JOB_TIMEOUT}.
 */
final class JobChecks {

  static final Duration POLLED_INTERVAL = Duration.ofSeconds(10);
  static final Duration NOTIFIED_INTERVAL = Duration.ofSeconds(60);
  static final Duration LONGEST_INTERVAL = Duration.ofMinutes(10);

  private final Function<String, ProviderSettings> settings;
  private final LongSupplier clock;

  JobChecks(ProviderSettingsRegistry settings) {
    this(settings::get, System::currentTimeMillis);
  }

  JobChecks(Function<String, ProviderSettings> settings, LongSupplier clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** The configured interval, else the default for a provider with or without webhooks. */
  Duration interval(ProviderAdapter adapter) {
    Duration configured = settings.apply(adapter.name()).getPollInterval();
    if (configured != null) {
      return configured;
    }
    return adapter.notifies() ? NOTIFIED_INTERVAL : POLLED_INTERVAL;
  }

  Duration firstCheckIn(ProviderAdapter adapter) {
    return interval(adapter);
  }

  /** The wait before the next check of {@code job}, running since {@code sinceMillis}; throws once it ran too long. */
  Duration nextCheckIn(ProviderAdapter adapter, ProviderJob job, long sinceMillis) {
    Duration waited = Duration.ofMillis(Math.max(0, clock.getAsLong() - sinceMillis));
    Duration limit = settings.apply(adapter.name()).getMaxJobWait();
    if (waited.compareTo(limit) > 0) {
      throw ProviderError.JOB_TIMEOUT.failure("job " + job.jobId() + " on " + job.provider() + " has run for "
          + waited.toMinutes() + " min, longer than " + adapter.name() + "'s max-job-wait (" + limit.toMinutes()
          + " min): wait again with a new take, or skip?");
    }
    return intervalAfter(interval(adapter), waited);
  }

  /** {@code base} for the first ten intervals, then a tenth of {@code waited}, at most the longest interval. */
  static Duration intervalAfter(Duration base, Duration waited) {
    Duration grown = waited.dividedBy(10);
    Duration ceiling = base.compareTo(LONGEST_INTERVAL) > 0 ? base : LONGEST_INTERVAL;
    Duration next = grown.compareTo(base) > 0 ? grown : base;
    return next.compareTo(ceiling) > 0 ? ceiling : next;
  }
}
