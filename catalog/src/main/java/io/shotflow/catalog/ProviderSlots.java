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
 * the provider's jobs in flight and its recent submits, and inserts the mark only when both are under the provider's
 * limits. A second submit to the same provider waits on the lock until the first has committed, then counts the first
 * one's mark. No in-process lock is involved.
 *
 * <p>{@code max-per-second} counts a submit from its mark until a window after its answer: N submits may be marked in
 * a window only when fewer than N were answered within it or are still unanswered. A request reaches the provider
 * between its mark and its answer, so the provider itself never sees more than N arrive within a window, however long
 * each took on the way (the processes' clocks must agree: one machine, or NTP). A mark left unanswered by an attempt
 * that died counts for {@link #UNANSWERED_FOR} at most, past any submit attempt's start-to-close timeout.
 */
@Singleton
public class ProviderSlots {

  /** How long a mark without an answer counts as a submit on its way (a submit attempt times out after 45 s). */
  static final Duration UNANSWERED_FOR = Duration.ofMinutes(1);

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
      long recent = rows.countRecentSubmits(provider, since, now.minus(UNANSWERED_FOR));
      if (recent >= limits.marksPerWindow()) {
        // when the earliest answer leaves the window; unknown while only unanswered submits fill it
        Duration wait = rows.findFirstByProviderAndAnsweredAtGreaterThanOrderByAnsweredAt(provider, since)
            .map(oldest -> Duration.between(now, oldest.answeredAt().plus(window)))
            .filter(d -> !d.isNegative() && !d.isZero()).orElse(null);
        throw new ProviderBusy(provider + " has " + recent + " submits answered in the last " + window.toMillis()
            + " ms or on their way, its max-per-second is " + limits.maxPerSecond(), wait);
      }
    }
    return rows.save(new SubmissionRow(null, row.idempotencyKey(), provider, row.workflowId(), row.state(), null, now,
        now, null, null));
  }
}
