package io.shotflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./shotflow bench --quick} in-process, as CI runs it: every key of the embedded stack is measured and sane. The
 * targets are the benchmark's business, not this test's (a loaded CI machine may miss them). The two keys of the
 * multi-process topology ({@code wake_latency_ms}, {@code recovery_seconds}) are left to CrashHarnessTest, which runs
 * the same topology and measurements with kills at every stage, so CI starts those processes once.
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
  void theQuickBenchMeasuresEveryKey() throws Exception {
    Path out = work.resolve("bench/results.json");

    int code = new CommandLine(new Shotflow()).execute("bench", "--quick", "--out", out.toString(), "--only",
        "overhead_ratio,shots_per_second,max_history_events,waiting_jobs,http_calls_per_clip,render_speed,"
            + "api_p99_ratio");

    JsonNode results = new ObjectMapper().readTree(out.toFile());
    JsonNode details = results.path("details");
    details.fields().forEachRemaining(d -> assertFalse(d.getValue().has("not_measured"),
        d.getKey() + " was not measured: " + d.getValue().path("not_measured").asText()));
    assertEquals(0, code, "every key measured");

    double overhead = results.path("overhead_ratio").asDouble();
    assertTrue(overhead >= 0.99 && overhead < 3, "makespan over its lower bound: " + overhead);
    assertEquals(2.0, details.path("overhead_ratio").path("job_latency_seconds").asDouble(), 0.1,
        "the jobs took the emulated latency");
    assertTrue(results.path("shots_per_second").asDouble() > 0);
    int events = results.path("max_history_events").asInt();
    assertTrue(events > 50 && events < 51_200, "history events " + events);

    JsonNode waiting = results.path("waiting_jobs");
    assertEquals(500, waiting.path("jobs").asInt(), "all 500 jobs waited at the same time");
    assertTrue(waiting.path("heap_used_mb").asDouble() > 0);
    assertTrue(waiting.path("live_threads").asInt() > 0);

    JsonNode http = results.path("http_calls_per_clip");
    double webhook = http.path("webhook").asDouble();
    double polling = http.path("polling").asDouble();
    assertTrue(webhook >= 2, "at least a submit and a download per clip: " + webhook);
    assertTrue(polling > webhook, "polling asks more often than a webhook wakes: " + polling + " vs " + webhook);

    assertTrue(results.path("render_speed").asDouble() > 0);
    JsonNode api = details.path("api_p99_ratio");
    double submit = api.path("submit_p99_ms").asDouble();
    double review = api.path("review_p99_ms").asDouble();
    double floor = api.path("floor_p99_ms").asDouble();
    assertTrue(submit > 0 && review > 0 && floor > 0, "absolute p99s in the details: " + api);
    assertEquals(Math.max(submit, review) / floor, results.path("api_p99_ratio").asDouble(), 0.01,
        "the slower API p99 over the bare update's");
    assertTrue(api.path("floor_cpu_ms_per_request").asDouble() < api.path("review_cpu_ms_per_request").asDouble(),
        "a bare update costs less than a review over HTTP: " + api);
    assertEquals(1, api.path("rounds").asInt());
    assertEquals(submit, api.path("submit_p99_ms_by_round").get(0).asDouble(), 0.1, "one round: its own p99");
    assertEquals(floor, api.path("floor_p99_ms_by_round").get(0).asDouble(), 0.1, "one round: its own p99");
    assertEquals("quick", results.path("environment").path("mode").asText());
  }
}
