package io.shotflow.catalog;

import java.util.Map;

class CatalogH2Test extends CatalogContractTest {

  @Override
  protected Map<String, Object> datasource() {
    return Map.of(
        "datasources.default.url",
        "jdbc:h2:mem:catalog;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "datasources.default.driver-class-name", "org.h2.Driver",
        "datasources.default.username", "sa",
        "datasources.default.password", "");
  }
}
