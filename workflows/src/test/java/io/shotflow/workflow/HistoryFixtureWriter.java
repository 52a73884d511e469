package io.shotflow.workflow;

import io.shotflow.temporal.WorkflowIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the replay fixtures of the current workflow version under src/test/resources/histories/v1/. Run it only when
 * the workflows change on purpose, and then gate the change with a getVersion and write the new version's fixtures to
 * a new folder, leaving the committed ones as they are:
 * {@code ./mvnw -o -pl workflows test -Dtest=HistoryFixtureWriter#writeHistories -Dshotflow.writeHistories=true}.
 * The files directly under histories/ were recorded before the provider-failover change (version DEFAULT);
 * histories/native-extend/ ({@link #writeNativeExtendHistories}) took the native-extend change's new path.
 */
@EnabledIfSystemProperty(named = "shotflow.writeHistories", matches = "true")
class HistoryFixtureWriter {

  private static final Path DIR = Path.of("src/test/resources/histories/v1");

  @Test
  void writeHistories() throws IOException {
    Files.createDirectories(DIR);
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
  }

  @Test
  void writeNativeExtendHistories() throws IOException {
    Path dir = Path.of("src/test/resources/histories/native-extend");
    Files.createDirectories(dir);
    try (Harness h = new Harness()) {
      NativeExtendScenario.run(h);
      write(h, dir, "storyboard.json", WorkflowIds.storyboard(NativeExtendScenario.ID));
      write(h, dir, "shot-a.json", WorkflowIds.shot(NativeExtendScenario.ID, "a"));
    }
  }

  private static void write(Harness h, String file, String workflowId) throws IOException {
    write(h, DIR, file, workflowId);
  }

  private static void write(Harness h, Path dir, String file, String workflowId) throws IOException {
    Files.writeString(dir.resolve(file), h.client.fetchHistory(workflowId).toJson(true));
  }
}
