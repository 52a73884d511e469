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
      Path stop = dir.resolve("stop-" + round);
      List<Process> started = new ArrayList<>();
      List<Path> logs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Path log = dir.resolve("opener-" + round + "-" + i + ".log");
        logs.add(log);
        started.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Opener.class.getName(), url, stop.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start());
      }
      // all open at once, and stay open until each has: the one serving the file does not leave under the others
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (System.nanoTime() < deadline && !allOpenedOrOneDied(started, logs)) {
        Thread.sleep(100);
      }
      Files.writeString(stop, "stop");
      for (int i = 0; i < started.size(); i++) {
        Process p = started.get(i);
        if (!p.waitFor(1, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          p.waitFor();
        }
        String log = Files.readString(logs.get(i));
        assertEquals(0, p.exitValue(), "process " + i + " of round " + round + ":\n" + tail(log));
      }
    }
  }

  private static boolean allOpenedOrOneDied(List<Process> started, List<Path> logs) throws Exception {
    for (int i = 0; i < started.size(); i++) {
      if (!started.get(i).isAlive()) {
        return true;
      }
      if (!Files.readString(logs.get(i)).contains(Opener.OPENED)) {
        return false;
      }
    }
    return true;
  }

  private static String tail(String log) {
    return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
  }

  /** One process: opens the catalog with the application's settings, reads it, then waits for the stop file. */
  public static final class Opener {
    static final String OPENED = "catalog opened";

    public static void main(String[] args) throws Exception {
      // the catalog only: no Temporal in these processes
      ApplicationContext context = ApplicationContext.run(Map.of("datasources.default.url", args[0],
          "temporal.enabled", "false"));
      context.getBean(StoryboardCatalog.class).list();
      System.out.println(OPENED);
      System.out.flush();
      Path stop = Path.of(args[1]);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
      while (!Files.exists(stop) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      // what leaving does to the others (the one serving the file goes) is not what this test is about
      System.exit(0);
    }
  }
}
