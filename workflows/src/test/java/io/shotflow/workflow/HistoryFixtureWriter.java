package io.shotflow.workflow;

import io.shotflow.temporal.WorkflowIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes replay fixtures of the current workflow code into src/test/resources/histories/FOLDER/. Run it when the
 * workflows change on purpose (gate the change with a getVersion so older histories keep replaying), name the folder
 * after the change, and add its files to {@link ReplayTest}; the older folders stay:
 * {@code ./mvnw -o -pl workflows test -Dtest=HistoryFixtureWriter -Dshotflow.writeHistories=FOLDER}
 * (the original shape is at the top of histories/, local catalog writes under local-catalog/).
 */
@EnabledIfSystemProperty(named = "shotflow.writeHistories", matches = "[a-z0-9-]+")
class HistoryFixtureWriter {

  @Test
  void writeHistories() throws IOException {
    try (Harness h = new Harness()) {
      ReplayScenario.run(h);
      Path dir = Path.of("src/test/resources/histories", System.getProperty("shotflow.writeHistories"));
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
