package io.shotflow.workflow;

import io.shotflow.temporal.WorkflowIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes replay fixtures of the current workflow code, one history per workflow of each scenario, into
 * src/test/resources/histories/FOLDER/, replacing the histories that folder held:
 * {@code ./mvnw -q -B -pl workflows test -Dtest=HistoryFixtureWriter -Dshotflow.writeHistories=FOLDER}.
 * {@link ReplayTest} replays every folder under histories/; docs/versioning.md says which folder to write when.
 */
@EnabledIfSystemProperty(named = "shotflow.writeHistories", matches = "[a-z0-9-]+")
class HistoryFixtureWriter {

  private static final Path DIR =
      Path.of("src/test/resources/histories", System.getProperty("shotflow.writeHistories", "unnamed"));

  @Test
  void writeHistories() throws IOException {
    Files.createDirectories(DIR);
    try (Stream<Path> old = Files.list(DIR)) {
      for (Path file : old.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
        Files.delete(file);
      }
    }
    try (Harness h = new Harness()) {
      ReplayScenario.run(h);
      write(h, "storyboard.json", WorkflowIds.storyboard(ReplayScenario.ID));
      write(h, "shot-a.json", WorkflowIds.shot(ReplayScenario.ID, "a"));
      write(h, "shot-b.json", WorkflowIds.shot(ReplayScenario.ID, "b"));
    }
    try (Harness h = new Harness()) {
      FailoverScenario.run(h);
      write(h, "failover-storyboard.json", WorkflowIds.storyboard(FailoverScenario.ID));
      write(h, "failover-shot-a.json", WorkflowIds.shot(FailoverScenario.ID, "a"));
    }
    try (Harness h = new Harness()) {
      NativeExtendScenario.run(h);
      write(h, "native-extend-storyboard.json", WorkflowIds.storyboard(NativeExtendScenario.ID));
      write(h, "native-extend-shot-a.json", WorkflowIds.shot(NativeExtendScenario.ID, "a"));
    }
    try (Harness h = new Harness()) {
      LateCancelScenario.run(h);
      write(h, "late-cancel-shot-a.json", WorkflowIds.shot(LateCancelScenario.ID, LateCancelScenario.SHOT));
    }
    try (Harness h = new Harness()) {
      LateCancelScenario.runFailing(h);
      write(h, "late-cancel-storyboard.json", WorkflowIds.storyboard(LateCancelScenario.FAILING_ID));
    }
  }

  private static void write(Harness h, String file, String workflowId) throws IOException {
    Files.writeString(DIR.resolve(file), h.client.fetchHistory(workflowId).toJson(true));
  }
}
