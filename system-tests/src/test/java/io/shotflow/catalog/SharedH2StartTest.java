package io.shotflow.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes sharing the embedded H2 catalog file start at the same moment, as a worker and an API started together
 * do: each opens the catalog as the product does (the application's datasource settings, Flyway), none dies on H2's
 * file lock.
 */
class SharedH2StartTest {

  @TempDir Path dir;

  @Test
  void processesOpeningTheSameCatalogFileAtOnceAllStart() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("shotflow") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
        + "DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
    for (int round = 0; round < 2; round++) {
      List<Process> started = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        started.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Opener.class.getName(), url)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("opener-" + round + "-" + i + ".log").toFile())
            .start());
      }
      for (int i = 0; i < started.size(); i++) {
        Process p = started.get(i);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
          p.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("opener-" + round + "-" + i + ".log"));
        assertEquals(0, p.exitValue(), "process " + i + " of round " + round + ":\n" + tail(log));
      }
    }
  }

  private static String tail(String log) {
    return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
  }

  /** One process: opens the catalog with the application's settings, reads it, and exits 0. */
  public static final class Opener {
    public static void main(String[] args) {
      // the catalog only: no Temporal in these processes
      try (ApplicationContext context = ApplicationContext.run(Map.of("datasources.default.url", args[0],
          "temporal.enabled", "false"))) {
        context.getBean(StoryboardCatalog.class).list();
      }
      System.exit(0);
    }
  }

}
