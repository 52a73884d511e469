package io.shotflow.catalog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ShotRepository extends CrudRepository<ShotRow, Long> {

  Optional<ShotRow> findByStoryboardIdAndShotId(String storyboardId, String shotId);

  List<ShotRow> findByStoryboardIdOrderByPosition(String storyboardId);

  long countByStoryboardId(String storyboardId);
}
