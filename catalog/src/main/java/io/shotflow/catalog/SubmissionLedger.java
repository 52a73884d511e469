package io.shotflow.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The durable record of what was sent to a paid provider, shared by every worker and API process. A submit
 * {@linkplain #sending marks} its request before it sends it and {@linkplain #accepted completes} the mark with the
 * job id; a mark without a job id means the request may have reached the provider (the attempt died, timed out or lost
 * the answer), so the next attempt looks the job up rather than sending again. A mark is {@linkplain #notSent
 * withdrawn} only when the provider certainly accepted nothing. {@link JdbcSubmissionLedger} keeps it in the catalog.
 *
 * <p>The ledger is also where a provider's limits hold across every worker: a mark takes one of the provider's
 * {@code max-concurrent} slots, which it holds until its job is {@linkplain #ended ended} (or until {@code max-job-wait}
 * has passed since it was marked, so a job whose workflow is gone frees its slot in the end), and at most {@code
 * max-per-second} submits are marked within a second of the previous ones' answers (see {@link ProviderSlots}). A mark that would break either is refused with {@link ProviderBusy}.
 */
public interface SubmissionLedger {

  /** What the ledger holds for one request to one provider. {@code jobId} is null while it is only marked. */
  record Submission(String idempotencyKey, String provider, String workflowId, Instant sentAt, String jobId) {

    public boolean accepted() {
      return jobId != null;
    }
  }

  /**
   * A provider's limits as the ledger applies them: jobs in flight at once and submits per second (null: unlimited),
   * and how long a job may hold its slot without a check seeing it end.
   */
  record Limits(Integer maxConcurrent, Double maxPerSecond, Duration maxJobWait) {

    public static final Limits NONE = new Limits(null, null, Duration.ofHours(24));

    public boolean bounded() {
      return maxConcurrent != null || maxPerSecond != null;
    }

    /**
     * The window {@code max-per-second} is counted over, and how many marks it allows: one second and the rate's
     * integer part, or for a rate below one, {@code 1/rate} seconds and one mark.
     */
    public Duration rateWindow() {
      return maxPerSecond >= 1 ? Duration.ofSeconds(1) : Duration.ofMillis(Math.round(1000 / maxPerSecond));
    }

    public long marksPerWindow() {
      return Math.max(1, (long) Math.floor(maxPerSecond));
    }
  }

  /** A mark refused because the provider's limits are reached; {@code retryAfter} when the ledger knows (rate). */
  final class ProviderBusy extends RuntimeException {

    private final transient Duration retryAfter;

    public ProviderBusy(String message, Duration retryAfter) {
      super(message);
      this.retryAfter = retryAfter;
    }

    /** When a slot is certain to be free again, or null when that depends on jobs ending. */
    public Duration retryAfter() {
      return retryAfter;
    }
  }

  Optional<Submission> find(String idempotencyKey, String provider);

  /**
   * Marks the request as about to be sent, taking one of the provider's slots under {@code limits}, and returns the
   * mark; when another attempt marked it first, that attempt's entry (which holds its slot already), which the caller
   * must treat as possibly sent (or as accepted, when it has a job id).
   *
   * @throws ProviderBusy when the provider has {@code max-concurrent} jobs in flight, or {@code max-per-second}
   *     submits answered within the last second or still unanswered: nothing was marked
   */
  Submission sending(String idempotencyKey, String provider, String workflowId, Limits limits);

  /** The provider accepted the marked request as {@code jobId}. */
  Submission accepted(Submission marked, String jobId);

  /** The provider certainly accepted nothing for this mark: the request may be sent again, to it or another. */
  void notSent(Submission marked);

  /** A check saw {@code jobId} end (succeeded or failed): it frees its provider slot. Repeating it changes nothing. */
  void ended(String provider, String jobId);
}
