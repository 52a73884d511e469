package io.shotflow.catalog;

import java.time.Instant;
import java.util.Optional;

/**
 * The durable record of what was sent to a paid provider, shared by every worker and API process. A submit
 * {@linkplain #sending marks} its request before it sends it and {@linkplain #accepted completes} the mark with the
 * job id; a mark without a job id means the request may have reached the provider (the attempt died, timed out or lost
 * the answer), so the next attempt looks the job up rather than sending again. A mark is {@linkplain #notSent
 * withdrawn} only when the provider certainly accepted nothing. {@link JdbcSubmissionLedger} keeps it in the catalog.
 */
public interface SubmissionLedger {

  /** What the ledger holds for one request to one provider. {@code jobId} is null while it is only marked. */
  record Submission(String idempotencyKey, String provider, String workflowId, Instant sentAt, String jobId) {

    public boolean accepted() {
      return jobId != null;
    }
  }

  Optional<Submission> find(String idempotencyKey, String provider);

  /**
   * Marks the request as about to be sent, and returns the mark; when another attempt marked it first, that
   * attempt's entry, which the caller must treat as possibly sent (or as accepted, when it has a job id).
   */
  Submission sending(String idempotencyKey, String provider, String workflowId);

  /** The provider accepted the marked request as {@code jobId}. */
  Submission accepted(Submission marked, String jobId);

  /** The provider certainly accepted nothing for this mark: the request may be sent again, to it or another. */
  void notSent(Submission marked);
}
