package io.shotflow.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface TakeRepository extends CrudRepository<TakeRow, Long> {

  Optional<TakeRow> findByStoryboardIdAndShotIdAndTakeId(String storyboardId, String shotId, String takeId);

  List<TakeRow> findByStoryboardIdOrderById(String storyboardId);
}
