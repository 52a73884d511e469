package io.shotflow.catalog;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ProviderLockRepository extends GenericRepository<ProviderLockRow, String> {

  /** Creates the provider's row unless it exists (PostgreSQL and H2's PostgreSQL mode both take ON CONFLICT). */
  @Query("INSERT INTO provider_submit_lock (provider) VALUES (:provider) ON CONFLICT DO NOTHING")
  void ensure(String provider);

  /** Locks the provider's row until the transaction ends: submits to it from every process queue here. */
  @Query("SELECT provider_submit_lock_.provider FROM provider_submit_lock provider_submit_lock_"
      + " WHERE provider_submit_lock_.provider = :provider FOR UPDATE")
  Optional<ProviderLockRow> lock(String provider);
}
