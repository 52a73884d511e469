package io.shotflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Keeps `./shotflow bench --quick` working: every key is measured and plausible. The targets themselves are judged
 * from full runs on a quiet machine (README, Performance), not here.
 */
class BenchCommandTest {

  @TempDir Path work;

  @BeforeEach
  void isolateData() {
    System.setProperty("shotflow.assets.root", work.resolve("assets").toString());
    System.setProperty("shotflow.providers.local.jobs-dir", work.resolve("local-jobs").toString());
    System.setProperty("datasources.default.url",
        "jdbc:h2:file:" + work.resolve("db/shotflow") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
  }

  @AfterEach
  void clear() {
    System.clearProperty("shotflow.assets.root");
    System.clearProperty("shotflow.providers.local.jobs-dir");
    System.clearProperty("datasources.default.url");
  }

  @Test
  void quickBenchMeasuresEveryKey() throws Exception {
    Path results = work.resolve("results.json");

    int code = new CommandLine(new Shotflow()).execute("bench", "--quick", "--out", results.toString());

    assertEquals(0, code);
    JsonNode r = new ObjectMapper().readTree(results.toFile());
    for (String key : List.of("overhead_ratio", "shots_per_second", "max_history_events", "waiting_jobs",
        "http_calls_per_clip", "render_speed", "api_p99_ms")) {
      assertTrue(r.hasNonNull(key), key + " measured");
    }
    assertTrue(r.path("overhead_ratio").asDouble() >= 1.0, "a makespan is never below its lower bound");
    assertTrue(r.path("shots_per_second").asDouble() > 0);
    assertTrue(r.path("max_history_events").asInt() > 0);
    assertTrue(r.path("waiting_jobs").path("jobs").asInt() > 0);
    assertTrue(r.path("waiting_jobs").path("live_threads").asInt() > 0);
    assertTrue(r.path("http_calls_per_clip").path("webhook").asDouble() >= 1);
    assertTrue(r.path("http_calls_per_clip").path("polling").asDouble() >= 1);
    assertTrue(r.path("render_speed").asDouble() > 0);
    assertTrue(r.path("api_p99_ms").path("submit").asDouble() > 0);
    assertTrue(r.path("api_p99_ms").path("review").asDouble() > 0);
  }
}
