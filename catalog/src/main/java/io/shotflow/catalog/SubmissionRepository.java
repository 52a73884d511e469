package io.shotflow.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.micronaut.data.annotation.Query;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SubmissionRepository extends CrudRepository<SubmissionRow, Long> {

  Optional<SubmissionRow> findByIdempotencyKeyAndProvider(String idempotencyKey, String provider);

  List<SubmissionRow> findByProviderAndJobId(String provider, String jobId);

  /** Submissions to {@code provider} marked after {@code since} whose job no check has seen end: its jobs in flight. */
  @Query("SELECT COUNT(*) FROM provider_submission WHERE provider = :provider AND ended_at IS NULL"
      + " AND sent_at > :since")
  long countInFlight(String provider, Instant since);

  /**
   * Submits to {@code provider} answered after {@code since}, or marked after {@code unansweredSince} and not answered
   * yet (still on their way, as far as anyone knows): what its {@code max-per-second} counts.
   */
  @Query("SELECT COUNT(*) FROM provider_submission WHERE provider = :provider AND (answered_at > :since"
      + " OR (answered_at IS NULL AND sent_at > :unansweredSince))")
  long countRecentSubmits(String provider, Instant since, Instant unansweredSince);

  Optional<SubmissionRow> findFirstByProviderAndAnsweredAtGreaterThanOrderByAnsweredAt(String provider,
      Instant since);

  /** Records that {@code jobId} ended; how many rows changed (0: unknown job, or already ended). */
  @Query("UPDATE provider_submission SET ended_at = :endedAt, updated_at = :endedAt WHERE provider = :provider"
      + " AND job_id = :jobId AND ended_at IS NULL")
  long markEnded(String provider, String jobId, Instant endedAt);
}
