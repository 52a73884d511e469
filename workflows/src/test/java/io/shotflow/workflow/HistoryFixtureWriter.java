package io.shotflow.workflow;

import io.shotflow.temporal.WorkflowIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the replay fixtures under src/test/resources/histories/. Run it only when the workflows change on
 * purpose (and then add a getVersion for the old histories):
 * {@code ./mvnw -o -pl workflows test -Dtest=HistoryFixtureWriter -Dshotflow.writeHistories=true}
 */
@EnabledIfSystemProperty(named = "shotflow.writeHistories", matches = "true")
class HistoryFixtureWriter {

  @Test
  void writeHistories() throws IOException {
    try (Harness h = new Harness()) {
      ReplayScenario.run(h);
      Path dir = Path.of("src/test/resources/histories");
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("storyboard.json"),
          h.client.fetchHistory(WorkflowIds.storyboard(ReplayScenario.ID)).toJson(true));
      Files.writeString(dir.resolve("shot-a.json"),
          h.client.fetchHistory(WorkflowIds.shot(ReplayScenario.ID, "a")).toJson(true));
      Files.writeString(dir.resolve("shot-b.json"),
          h.client.fetchHistory(WorkflowIds.shot(ReplayScenario.ID, "b")).toJson(true));
    }
  }
}
