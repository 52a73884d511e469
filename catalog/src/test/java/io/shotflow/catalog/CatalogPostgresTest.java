package io.shotflow.catalog;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * The same catalog tests against the PostgreSQL 15 on 127.0.0.1:5432 (database {@code test}, trust auth), in a
 * fresh schema dropped afterwards. Skipped only when that server is unreachable.
 */
class CatalogPostgresTest extends CatalogContractTest {

  private static final String BASE_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private final String schema = "catalog_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private String user;

  @Override
  protected Map<String, Object> datasource() {
    user = reachableUser();
    assumeTrue(user != null, "PostgreSQL on 127.0.0.1:5432/test is not reachable");
    execute("CREATE SCHEMA " + schema);
    return Map.of(
        "datasources.default.url", BASE_URL + "?currentSchema=" + schema,
        "datasources.default.driver-class-name", "org.postgresql.Driver",
        "datasources.default.username", user,
        "datasources.default.password", "");
  }

  @AfterAll
  void dropSchema() {
    if (user != null) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static String reachableUser() {
    for (String candidate : new String[] {"postgres", "root"}) {
      try (Connection ignored = DriverManager.getConnection(BASE_URL, candidate, "")) {
        return candidate;
      } catch (SQLException e) {
        // try the next role
      }
    }
    return null;
  }

  private void execute(String sql) {
    try (Connection c = DriverManager.getConnection(BASE_URL, user, ""); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
