package io.shotflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotflow.bench.topology.ProductionTopology;
import io.shotflow.bench.topology.TrafficLog;
import io.shotflow.bench.topology.WaitRecovery;
import io.shotflow.bench.topology.WakeLatency;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the measurements in an order that keeps them apart (render speed before any stack; waiting jobs first on a
 * fresh stack, since the in-memory server keeps every finished history; then a warm-up, so the rest measure a worker
 * as it runs, not the JIT compiler; HTTP calls on stacks of their own) and collects what they measured. A measurement
 * that fails is reported as not measured, with its reason.
 */
public final class BenchSuite {

  /** The result keys, in the order they are reported. */
  public enum Key {
    OVERHEAD_RATIO, SHOTS_PER_SECOND, MAX_HISTORY_EVENTS, WAITING_JOBS, HTTP_CALLS_PER_CLIP, RENDER_SPEED,
    API_P99_RATIO, WAKE_LATENCY_MS, RECOVERY_SECONDS;

    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The key named {@code name} as it appears in the results ({@code overhead_ratio}, …). */
    public static Key of(String name) {
      return Arrays.stream(values()).filter(k -> k.json().equals(name.trim().toLowerCase(Locale.ROOT))).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("--only: unknown key '" + name + "' (known: "
              + Arrays.stream(values()).map(Key::json).collect(Collectors.joining(", ")) + ")"));
    }
  }

  /** How big each measurement is. */
  public record Sizes(int overheadShots, Duration latency, int storyboards, int shotsPerStoryboard, int historyShots,
      int waitingJobs, Duration waitingLatency, int httpClips, Duration pollInterval, int renderSeconds,
      int apiRequests, int apiRounds, double apiRate, int warmUpShots) {

    public static final Sizes FULL = new Sizes(50, Duration.ofSeconds(10), 20, 25, 500, 5000, Duration.ofSeconds(120),
        3, Duration.ofSeconds(4), 20, 300, 3, 100, 200);
    public static final Sizes QUICK = new Sizes(10, Duration.ofSeconds(2), 4, 10, 50, 500, Duration.ofSeconds(30),
        2, Duration.ofMillis(800), 10, 100, 1, 100, 40);
  }

  /** Details in the results file use the same snake_case as the keys. */
  private static final ObjectMapper DETAILS = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  private static final Map<Key, String> TARGETS = Map.of(
      Key.OVERHEAD_RATIO, "<= 1.03",
      Key.SHOTS_PER_SECOND, ">= 20",
      Key.MAX_HISTORY_EVENTS, "< 10240, completes",
      Key.WAITING_JOBS, "5000 in <= 512 MB heap, <= 64 threads",
      Key.HTTP_CALLS_PER_CLIP, "webhook <= 3, polling <= 2 + ceil(latency / poll interval)",
      Key.RENDER_SPEED, ">= 4 s of video per CPU-s",
      Key.API_P99_RATIO, "<= 3 (bare Temporal update = 1)",
      Key.WAKE_LATENCY_MS, "p99 <= 1000 (webhook at the API -> wait woken in a worker process)",
      Key.RECOVERY_SECONDS, "<= 60 (worker SIGKILL mid-wait -> the wait resumes)");
  /** The keys measured on the multi-process topology ({@link ProductionTopology}). */
  private static final Set<Key> ON_TOPOLOGY = Set.of(Key.WAKE_LATENCY_MS, Key.RECOVERY_SECONDS);
  /** How long a killed wait may take to resume before it counts as not resumed. */
  private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(3);

  private final Sizes sizes;
  private final String mode;
  private final Path work;
  private final BenchStack.Starter starter;
  private final PrintStream console;

  public BenchSuite(Sizes sizes, String mode, Path work, BenchStack.Starter starter, PrintStream console) {
    this.sizes = sizes;
    this.mode = mode;
    this.work = work;
    this.starter = starter;
    this.console = console;
  }

  /** Measures {@code keys}; the results document (every key present, null when not measured). */
  public ObjectNode run(Set<Key> keys) {
    ObjectNode results = BenchStack.JSON.createObjectNode();
    for (Key key : Key.values()) {
      results.putNull(key.json());
    }
    ObjectNode details = BenchStack.JSON.createObjectNode();
    ObjectNode environment = environment();
    long started = System.nanoTime();

    if (keys.contains(Key.RENDER_SPEED)) {
      measure(Key.RENDER_SPEED, results, details, () -> {
        RenderSpeed.Result r = RenderSpeed.measure(work, sizes.renderSeconds());
        results.put(Key.RENDER_SPEED.json(), round(r.videoSecondsPerCpuSecond(), 2));
        return r;
      });
    }
    Set<Key> onMainStack = onMainStack();
    if (keys.stream().anyMatch(onMainStack::contains)) {
      console.println("Starting the embedded stack with the emulated provider...");
      try (BenchStack stack = starter.start(Map.of())) {
        runOnStack(stack, keys, results, details);
      } catch (Exception e) {
        for (Key key : onMainStack) {
          if (keys.contains(key) && !details.has(key.json())) {
            details.putObject(key.json()).put("not_measured", "the stack did not start: " + e);
          }
        }
      }
    }
    if (keys.contains(Key.HTTP_CALLS_PER_CLIP)) {
      measure(Key.HTTP_CALLS_PER_CLIP, results, details, () -> {
        HttpCalls.Result r = HttpCalls.measure(starter, work, sizes.latency(), sizes.pollInterval(), sizes.httpClips());
        results.putObject(Key.HTTP_CALLS_PER_CLIP.json())
            .put("webhook", round(r.webhook().callsPerClip(), 2))
            .put("polling", round(r.polling().callsPerClip(), 2));
        return r;
      });
    }
    if (keys.stream().anyMatch(ON_TOPOLOGY::contains)) {
      runOnTopology(keys, results, details);
    }
    environment.put("seconds", round((System.nanoTime() - started) / 1e9, 1));
    environment.put("load_average_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    results.set("targets", targets());
    results.set("details", details);
    results.set("environment", environment);
    return results;
  }

  private void runOnStack(BenchStack stack, Set<Key> keys, ObjectNode results, ObjectNode details) throws Exception {
    if (keys.contains(Key.WAITING_JOBS)) {
      measure(Key.WAITING_JOBS, results, details, () -> {
        WaitingJobs.Result r = WaitingJobs.measure(stack, sizes.waitingJobs(), sizes.waitingLatency());
        results.putObject(Key.WAITING_JOBS.json())
            .put("jobs", r.peakWaiting())
            .put("heap_used_mb", round(r.heapUsedMb(), 1))
            .put("live_threads", r.liveThreads());
        return r;
      });
    }
    if (keys.stream().anyMatch(k -> k != Key.WAITING_JOBS && onMainStack().contains(k))) {
      // as a running worker would be: classes loaded, code compiled; not measured
      console.printf("Warming up with %d shots...%n", sizes.warmUpShots());
      long started = System.nanoTime();
      Throughput.measure(stack, Math.max(1, sizes.warmUpShots() / sizes.shotsPerStoryboard()), sizes.shotsPerStoryboard());
      details.putObject("warm_up").put("shots", sizes.warmUpShots())
          .put("seconds", round((System.nanoTime() - started) / 1e9, 1));
    }
    if (keys.contains(Key.OVERHEAD_RATIO)) {
      measure(Key.OVERHEAD_RATIO, results, details, () -> {
        Overhead.Result r = Overhead.measure(stack, sizes.overheadShots(), sizes.latency());
        results.put(Key.OVERHEAD_RATIO.json(), round(r.ratio(), 4));
        return r;
      });
    }
    if (keys.contains(Key.SHOTS_PER_SECOND)) {
      measure(Key.SHOTS_PER_SECOND, results, details, () -> {
        Throughput.Result r = Throughput.measure(stack, sizes.storyboards(), sizes.shotsPerStoryboard());
        results.put(Key.SHOTS_PER_SECOND.json(), round(r.shotsPerSecond(), 2));
        return r;
      });
    }
    if (keys.contains(Key.MAX_HISTORY_EVENTS)) {
      measure(Key.MAX_HISTORY_EVENTS, results, details, () -> {
        HistorySize.Result r = HistorySize.measure(stack, sizes.historyShots());
        results.put(Key.MAX_HISTORY_EVENTS.json(), r.maxEvents());
        return r;
      });
    }
    if (keys.contains(Key.API_P99_RATIO)) {
      measure(Key.API_P99_RATIO, results, details, () -> {
        ApiLatency.Result r = ApiLatency.measure(stack, sizes.apiRequests(), sizes.apiRate(), sizes.apiRounds());
        results.put(Key.API_P99_RATIO.json(), round(r.ratio(), 2));
        console.printf("  p99: submit %.1f ms, review %.1f ms, bare update %.1f ms%n", r.submitP99Ms(),
            r.reviewP99Ms(), r.floorP99Ms());
        return r;
      });
    }
  }

  /**
   * The keys of the production topology: the Temporal server, two workers and the API as processes of their own, the
   * Kling emulator (3 s jobs, callbacks on) here. Quick: one three-shot storyboard and one kill; full: three four-shot
   * storyboards and three kills.
   */
  private void runOnTopology(Set<Key> keys, ObjectNode results, ObjectNode details) {
    boolean quick = mode.equals("quick");
    console.println("Starting the production topology (temporal-server, 2 workers, api as processes)...");
    Path logs = work.resolve("topology-logs");
    var options = new ProductionTopology.Options(2, 1, Duration.ofMillis(500), Duration.ofSeconds(3), 320,
        work.resolve("topology"), logs, Map.of());
    try (ProductionTopology topology = ProductionTopology.start(options)) {
      TrafficLog log = TrafficLog.attach(topology.kling().traffic());
      if (keys.contains(Key.WAKE_LATENCY_MS)) {
        measure(Key.WAKE_LATENCY_MS, results, details, () -> {
          WakeLatency.Result r = WakeLatency.measure(topology, log, quick ? 1 : 3, quick ? 3 : 4,
              Duration.ofMinutes(5));
          results.put(Key.WAKE_LATENCY_MS.json(), Math.round(r.p99Ms()));
          console.printf("  p50 %.0f ms, max %.0f ms over %d jobs; %.2f status queries per job%n", r.p50Ms(),
              r.maxMs(), r.jobs(), r.queriesPerJob());
          return r;
        });
      }
      if (keys.contains(Key.RECOVERY_SECONDS)) {
        measure(Key.RECOVERY_SECONDS, results, details, () -> {
          WaitRecovery.Result r = WaitRecovery.measure(topology, log, quick ? 1 : 3, RECOVERY_LIMIT);
          if (r.notResumed() > 0) {
            throw new IllegalStateException(r.notResumed() + " of " + r.kills().size()
                + " killed waits did not resume within " + RECOVERY_LIMIT + ": " + r.kills());
          }
          results.put(Key.RECOVERY_SECONDS.json(), round(r.maxSeconds(), 1));
          return r;
        });
      }
    } catch (Exception e) {
      for (Key key : ON_TOPOLOGY) {
        if (keys.contains(key) && !details.has(key.json())) {
          details.putObject(key.json()).put("not_measured", "the topology did not start: " + e
              + " (process logs were in " + logs + ")");
        }
      }
    }
  }

  private static Set<Key> onMainStack() {
    return Set.of(Key.WAITING_JOBS, Key.OVERHEAD_RATIO, Key.SHOTS_PER_SECOND, Key.MAX_HISTORY_EVENTS,
        Key.API_P99_RATIO);
  }

  /** One measurement; its detailed result goes under {@code details}, its failure too. */
  private void measure(Key key, ObjectNode results, ObjectNode details, Measurement measurement) {
    console.printf("Measuring %s...%n", key.json());
    long started = System.nanoTime();
    try {
      Object result = measurement.run();
      ObjectNode detail = DETAILS.valueToTree(result);
      detail.put("measured_in_seconds", round((System.nanoTime() - started) / 1e9, 1));
      details.set(key.json(), detail);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      results.putNull(key.json());
      details.putObject(key.json()).put("not_measured", e.toString());
      console.printf("  %s not measured: %s%n", key.json(), e);
    }
  }

  @FunctionalInterface
  private interface Measurement {
    Object run() throws Exception;
  }

  /** Key, value, target: the table the command prints. */
  public void printTable(ObjectNode results) {
    console.println();
    console.printf("%-22s %-34s %s%n", "key", "measured", "target");
    for (Key key : Key.values()) {
      JsonNode value = results.path(key.json());
      String shown = value.isNull() ? "not measured" : value.isObject() ? compact(value) : value.asText();
      console.printf("%-22s %-34s %s%n", key.json(), shown, TARGETS.get(key));
    }
    console.println();
  }

  private static String compact(JsonNode object) {
    StringBuilder text = new StringBuilder();
    object.fields().forEachRemaining(f -> text.append(text.length() == 0 ? "" : ", ")
        .append(f.getKey()).append(' ').append(f.getValue().asText()));
    return text.toString();
  }

  private ObjectNode targets() {
    ObjectNode targets = BenchStack.JSON.createObjectNode();
    for (Key key : Key.values()) {
      targets.put(key.json(), TARGETS.get(key));
    }
    return targets;
  }

  private ObjectNode environment() {
    ObjectNode environment = BenchStack.JSON.createObjectNode()
        .put("mode", mode)
        .put("started_at", Instant.now().toString())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024))
        .put("java", System.getProperty("java.version"))
        .put("jvm_options", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
        .put("load_average_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    environment.putObject("sizes")
        .put("overhead_shots", sizes.overheadShots())
        .put("latency_seconds", sizes.latency().toMillis() / 1e3)
        .put("storyboards", sizes.storyboards())
        .put("shots_per_storyboard", sizes.shotsPerStoryboard())
        .put("history_shots", sizes.historyShots())
        .put("waiting_jobs", sizes.waitingJobs())
        .put("waiting_latency_seconds", sizes.waitingLatency().toMillis() / 1e3)
        .put("http_clips", sizes.httpClips())
        .put("poll_interval_seconds", sizes.pollInterval().toMillis() / 1e3)
        .put("render_seconds", sizes.renderSeconds())
        .put("api_requests", sizes.apiRequests())
        .put("api_rounds", sizes.apiRounds())
        .put("api_requests_per_second", sizes.apiRate());
    return environment;
  }

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
