package io.shotflow.catalog;

import io.micronaut.data.exceptions.DataAccessException;
import io.shotflow.provider.JobOwners;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The {@link SubmissionLedger} in the catalog's {@code provider_submission} table, and the {@link JobOwners} that
 * webhooks find their workflow through.
 */
@Singleton
public class JdbcSubmissionLedger implements SubmissionLedger, JobOwners {

  static final String SENDING = "SENDING";
  static final String ACCEPTED = "ACCEPTED";

  private final SubmissionRepository rows;
  private final ProviderSlots slots;
  private final Clock clock;

  @Inject
  public JdbcSubmissionLedger(SubmissionRepository rows, ProviderSlots slots) {
    this(rows, slots, Clock.systemUTC());
  }

  JdbcSubmissionLedger(SubmissionRepository rows, ProviderSlots slots, Clock clock) {
    this.rows = rows;
    this.slots = slots;
    this.clock = clock;
  }

  @Override
  public Optional<Submission> find(String idempotencyKey, String provider) {
    return rows.findByIdempotencyKeyAndProvider(idempotencyKey, provider).map(JdbcSubmissionLedger::submission);
  }

  @Override
  public Submission sending(String idempotencyKey, String provider, String workflowId, Limits limits) {
    // an earlier attempt's mark holds its slot already
    Optional<Submission> earlier = find(idempotencyKey, provider);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    // as the database keeps it (microseconds at best), so a mark read back equals the one returned
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    SubmissionRow mark = new SubmissionRow(null, idempotencyKey, provider, workflowId, SENDING, null, now, now, null,
        null);
    try {
      if (!limits.bounded()) {
        return submission(rows.save(mark));
      }
      slots.prepare(provider);
      return submission(slots.take(mark, limits, clock));
    } catch (DataAccessException e) {
      // another attempt of the same request marked it between the look and the insert
      return find(idempotencyKey, provider).orElseThrow(() -> e);
    }
  }

  @Override
  public Submission accepted(Submission marked, String jobId) {
    SubmissionRow row = rows.findByIdempotencyKeyAndProvider(marked.idempotencyKey(), marked.provider())
        .orElseThrow(() -> new IllegalStateException("no submission " + marked.idempotencyKey() + " to "
            + marked.provider() + " was marked"));
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return submission(rows.update(new SubmissionRow(row.id(), row.idempotencyKey(), row.provider(), row.workflowId(),
        ACCEPTED, jobId, row.sentAt(), now, row.answeredAt() != null ? row.answeredAt() : now, row.endedAt())));
  }

  @Override
  public void notSent(Submission marked) {
    rows.findByIdempotencyKeyAndProvider(marked.idempotencyKey(), marked.provider())
        .filter(row -> row.jobId() == null)
        .ifPresent(rows::delete);
  }

  @Override
  public void ended(String provider, String jobId) {
    rows.markEnded(provider, jobId, clock.instant().truncatedTo(ChronoUnit.MILLIS));
  }

  @Override
  public Optional<String> workflowOf(String provider, String jobId) {
    return rows.findByProviderAndJobId(provider, jobId).stream().map(SubmissionRow::workflowId).findFirst();
  }

  private static Submission submission(SubmissionRow row) {
    return new Submission(row.idempotencyKey(), row.provider(), row.workflowId(), row.sentAt(), row.jobId());
  }
}
