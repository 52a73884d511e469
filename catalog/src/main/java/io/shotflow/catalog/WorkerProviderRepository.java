package io.shotflow.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface WorkerProviderRepository extends CrudRepository<WorkerProviderRow, Long> {

  List<WorkerProviderRow> findByWorkerId(String workerId);

  List<WorkerProviderRow> findByLastSeenGreaterThan(Instant since);

  void deleteByLastSeenLessThan(Instant before);
}
