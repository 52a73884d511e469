package io.shotflow.catalog;

import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;

/**
 * Whether a failed catalog write is worth trying again. A database that refuses the data itself (SQL state class 22,
 * a data exception such as a value too long for its column, or 23, an integrity violation) refuses it again on every
 * retry, so the write fails at once with {@link #TYPE}, not retryable: the workflow fails with the reason instead of
 * retrying forever. Anything else (a lost connection, a timeout, a lock) is retried.
 */
public final class CatalogRefusal {

  /** The failure type of a write the database refuses. */
  public static final String TYPE = "CATALOG_REFUSED";

  private CatalogRefusal() {}

  static RuntimeException classify(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
        return ApplicationFailure.newNonRetryableFailureWithCause("the catalog refused the write (SQL state "
            + sql.getSQLState() + "): " + sql.getMessage(), TYPE, null);
      }
    }
    return e;
  }
}
