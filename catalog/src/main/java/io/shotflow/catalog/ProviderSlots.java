package io.shotflow.catalog;

import io.shotflow.catalog.SubmissionLedger.Limits;
import io.shotflow.catalog.SubmissionLedger.ProviderBusy;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Takes one of a provider's slots for a new submission, atomically across every process that shares the catalog: in
 * one transaction it locks the provider's row in {@code provider_submit_lock} ({@code SELECT ... FOR UPDATE}), counts
 * the provider's jobs in flight and its marks within the rate window, and inserts the mark only when both are under
 * the provider's limits. A second submit to the same provider waits on the lock until the first has committed, then
 * counts the first one's mark. No in-process lock is involved.
 */
@Singleton
public class ProviderSlots {

  private final SubmissionRepository rows;
  private final ProviderLockRepository locks;

  public ProviderSlots(SubmissionRepository rows, ProviderLockRepository locks) {
    this.rows = rows;
    this.locks = locks;
  }

  /** Creates the provider's lock row unless it exists; its own transaction, before the one that locks it. */
  @Transactional
  public void prepare(String provider) {
    locks.ensure(provider);
  }

  /**
   * Inserts the mark {@code row} (its times set now, read once the lock is held) when {@code limits} allow it.
   *
   * @throws ProviderBusy when they do not; nothing is inserted
   */
  @Transactional
  public SubmissionRow take(SubmissionRow row, Limits limits, Clock clock) {
    String provider = row.provider();
    locks.lock(provider).orElseThrow(() -> new IllegalStateException("no lock row for provider " + provider));
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (limits.maxConcurrent() != null) {
      long inFlight = rows.countInFlight(provider, now.minus(limits.maxJobWait()));
      if (inFlight >= limits.maxConcurrent()) {
        throw new ProviderBusy(provider + " has " + inFlight + " jobs in flight, its max-concurrent is "
            + limits.maxConcurrent(), null);
      }
    }
    if (limits.maxPerSecond() != null) {
      Duration window = limits.rateWindow();
      Instant since = now.minus(window);
      long recent = rows.countSentSince(provider, since);
      if (recent >= limits.marksPerWindow()) {
        Instant oldest = rows.findFirstByProviderAndSentAtGreaterThanOrderBySentAt(provider, since)
            .map(SubmissionRow::sentAt).orElse(now);
        Duration wait = Duration.between(now, oldest.plus(window)).plusMillis(1);
        throw new ProviderBusy(provider + " took " + recent + " submits in the last " + window.toMillis()
            + " ms, its max-per-second is " + limits.maxPerSecond(), wait.isNegative() ? Duration.ofMillis(1) : wait);
      }
    }
    return rows.save(new SubmissionRow(null, row.idempotencyKey(), provider, row.workflowId(), row.state(), null, now,
        now, null));
  }
}
