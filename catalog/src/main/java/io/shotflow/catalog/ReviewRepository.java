package io.shotflow.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ReviewRepository extends CrudRepository<ReviewRow, Long> {

  Optional<ReviewRow> findByStoryboardIdAndShotIdAndSequence(String storyboardId, String shotId, int sequence);

  List<ReviewRow> findByStoryboardIdOrderById(String storyboardId);
}
