package io.shotflow.bench.topology;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The catalog the topology's processes share, as in production: a fresh schema in the PostgreSQL at 127.0.0.1:5432
 * (database {@code test}, as CI has it) dropped on close, or, where that server is unreachable, an H2 file in
 * {@code AUTO_SERVER} mode (the first process to open it serves it to the others, so the process started first must
 * not be killed).
 */
public final class CatalogDatabase implements AutoCloseable {

  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

  private final Map<String, String> properties;
  private final Runnable drop;
  private final boolean survivesAnyProcess;

  private CatalogDatabase(Map<String, String> properties, Runnable drop, boolean survivesAnyProcess) {
    this.properties = properties;
    this.drop = drop;
    this.survivesAnyProcess = survivesAnyProcess;
  }

  /** A fresh schema in the local PostgreSQL, when it is reachable (as user postgres or root, no password). */
  public static Optional<CatalogDatabase> postgres() {
    for (String user : new String[] {"postgres", "root"}) {
      String schema = "topology_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      try (Connection c = DriverManager.getConnection(POSTGRES, user, ""); Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
      } catch (SQLException e) {
        continue;
      }
      Map<String, String> props = Map.of(
          "datasources.default.url", POSTGRES + "?currentSchema=" + schema,
          "datasources.default.driver-class-name", "org.postgresql.Driver",
          "datasources.default.username", user,
          "datasources.default.password", "");
      return Optional.of(new CatalogDatabase(props, () -> execute(user, "DROP SCHEMA IF EXISTS " + schema + " CASCADE"),
          true));
    }
    return Optional.empty();
  }

  /** The shared H2 file under {@code folder}. */
  public static CatalogDatabase h2File(Path folder) {
    return new CatalogDatabase(Map.of(
        "datasources.default.url", "jdbc:h2:file:" + folder.resolve("shotflow").toAbsolutePath()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE",
        "datasources.default.driver-class-name", "org.h2.Driver",
        "datasources.default.username", "sa",
        "datasources.default.password", ""), () -> { }, false);
  }

  /** PostgreSQL, else the H2 file under {@code folder}. */
  public static CatalogDatabase any(Path folder) {
    return postgres().orElseGet(() -> h2File(folder));
  }

  /** The datasource settings every process gets. */
  public Map<String, String> properties() {
    return properties;
  }

  /** False for the H2 file: killing the process that serves it takes the catalog away from the others. */
  public boolean survivesAnyProcess() {
    return survivesAnyProcess;
  }

  @Override
  public void close() {
    drop.run();
  }

  private static void execute(String user, String sql) {
    try (Connection c = DriverManager.getConnection(POSTGRES, user, ""); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      // a schema left behind is harmless in a test database; say so in the harness's output
      System.err.println("could not run '" + sql + "': " + e.getMessage());
    }
  }
}
