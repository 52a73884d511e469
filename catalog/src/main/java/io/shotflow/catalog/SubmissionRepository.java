package io.shotflow.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SubmissionRepository extends CrudRepository<SubmissionRow, Long> {

  Optional<SubmissionRow> findByIdempotencyKeyAndProvider(String idempotencyKey, String provider);

  List<SubmissionRow> findByProviderAndJobId(String provider, String jobId);
}
