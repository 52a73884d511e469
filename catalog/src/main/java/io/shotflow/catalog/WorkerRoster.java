package io.shotflow.catalog;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which providers the running workers can call, in the catalog's {@code worker_provider} table: each worker process
 * records the providers it holds credentials for every {@link #BEAT}, and counts as live for {@link #LIVE_WITHIN}
 * after. The API, which may hold no credentials itself, asks before it accepts a storyboard.
 */
@Singleton
public class WorkerRoster {

  /** How often a worker records itself. */
  public static final Duration BEAT = Duration.ofSeconds(30);
  /** How long after its last record a worker counts as live: three beats, so one late beat loses nothing. */
  public static final Duration LIVE_WITHIN = BEAT.multipliedBy(3);
  /** Rows of workers gone longer than this are deleted. */
  static final Duration FORGET_AFTER = Duration.ofDays(1);

  private final WorkerProviderRepository rows;
  private final Clock clock;

  @Inject
  public WorkerRoster(WorkerProviderRepository rows) {
    this(rows, Clock.systemUTC());
  }

  WorkerRoster(WorkerProviderRepository rows, Clock clock) {
    this.rows = rows;
    this.clock = clock;
  }

  /** Records that worker {@code workerId} is running now and can call exactly {@code providers}. */
  public void seen(String workerId, Collection<String> providers) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Set<String> held = Set.copyOf(providers);
    for (WorkerProviderRow row : rows.findByWorkerId(workerId)) {
      if (held.contains(row.provider())) {
        rows.update(new WorkerProviderRow(row.id(), workerId, row.provider(), now));
      } else {
        rows.delete(row);
      }
    }
    Set<String> recorded = rows.findByWorkerId(workerId).stream().map(WorkerProviderRow::provider)
        .collect(Collectors.toSet());
    held.stream().filter(p -> !recorded.contains(p))
        .forEach(p -> rows.save(new WorkerProviderRow(null, workerId, p, now)));
    rows.deleteByLastSeenLessThan(now.minus(FORGET_AFTER));
  }

  /**
   * The providers some live worker can call; empty when no worker is live (none has started yet, so nothing can be
   * said about credentials).
   */
  public Optional<Set<String>> callableProviders() {
    Set<String> live = rows.findByLastSeenGreaterThan(clock.instant().minus(LIVE_WITHIN)).stream()
        .map(WorkerProviderRow::provider).collect(Collectors.toCollection(TreeSet::new));
    return live.isEmpty() ? Optional.empty() : Optional.of(live);
  }
}
