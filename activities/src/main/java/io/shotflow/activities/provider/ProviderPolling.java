package io.shotflow.activities.provider;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * {@code shotflow.providers.<name>.poll-interval}: how often {@link JobWatch} polls a waiting job of that provider.
 * Unset: every 10 s for a provider without notifications, every 60 s as a fallback for one with them.
 */
@EachProperty("shotflow.providers")
public class ProviderPolling {

  private final String name;
  private Duration pollInterval;

  public ProviderPolling(@Parameter String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  @Nullable
  public Duration getPollInterval() {
    return pollInterval;
  }

  public void setPollInterval(@Nullable Duration pollInterval) {
    if (pollInterval != null && (pollInterval.isNegative() || pollInterval.isZero())) {
      throw new IllegalArgumentException("shotflow.providers." + name + ".poll-interval must be positive, got "
          + pollInterval);
    }
    this.pollInterval = pollInterval;
  }
}
