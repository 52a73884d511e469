package io.shotflow.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotflow.bench.BenchStack;
import io.shotflow.launcher.embedded.TemporalCli;
import io.shotflow.bench.BenchSuite;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark suite on the embedded stack with an emulated provider of fixed latency: measures orchestration
 * overhead, throughput, history size, waiting jobs, HTTP calls per clip, render speed and API latency, prints a table
 * and writes {@code bench/results.json}.
 */
@Command(name = "bench", description = "Measure orchestration overhead, throughput, scale and footprint.")
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--quick", description = "small sizes, about two minutes (what CI runs)")
  boolean quick;

  @Option(names = "--shots", paramLabel = "N", description = "shots in the overhead storyboard (default 50; quick 10)")
  Integer shots;

  @Option(names = "--latency", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "emulated provider latency per job for the overhead and HTTP measurements (default 10s; quick 2s)")
  Duration latency;

  @Option(names = "--concurrency", paramLabel = "N",
      description = "storyboards submitted at once for throughput (default 20 of 25 shots; quick 4 of 10)")
  Integer concurrency;

  @Option(names = "--history-shots", paramLabel = "N", description = "shots in the history storyboard (default 500; quick 50)")
  Integer historyShots;

  @Option(names = "--waiting-jobs", paramLabel = "N", description = "provider jobs waiting at once (default 5000; quick 500)")
  Integer waitingJobs;

  @Option(names = "--api-rate", paramLabel = "N", description = "API requests per second (default 100)")
  Double apiRate;

  @Option(names = "--only", paramLabel = "KEY", split = ",",
      description = "measure only these keys (default all), e.g. overhead_ratio,api_p99_ratio")
  List<String> only;

  @Option(names = "--out", paramLabel = "FILE", description = "results file (default bench/results.json)")
  Path out = Path.of("bench", "results.json");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final PrintStream console = System.out;

  @Override
  public Integer call() throws Exception {
    BenchSuite.Sizes sizes = quick ? BenchSuite.Sizes.QUICK : BenchSuite.Sizes.FULL;
    sizes = new BenchSuite.Sizes(
        shots != null ? shots : sizes.overheadShots(),
        latency != null ? latency : sizes.latency(),
        concurrency != null ? concurrency : sizes.storyboards(),
        sizes.shotsPerStoryboard(),
        historyShots != null ? historyShots : sizes.historyShots(),
        waitingJobs != null ? waitingJobs : sizes.waitingJobs(),
        sizes.waitingLatency(),
        sizes.httpClips(),
        sizes.pollInterval(),
        sizes.renderSeconds(),
        sizes.apiRequests(),
        sizes.apiRounds(),
        apiRate != null ? apiRate : sizes.apiRate(),
        sizes.warmUpShots());
    Set<BenchSuite.Key> keys = new LinkedHashSet<>(List.of(BenchSuite.Key.values()));
    if (only != null && !only.isEmpty()) {
      keys.clear();
      for (String name : only) {
        try {
          keys.add(BenchSuite.Key.of(name));
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
      }
    }
    Path work = Files.createTempDirectory("shotflow-bench-");
    try {
      BenchSuite suite = new BenchSuite(sizes, quick ? "quick" : "full", work, properties -> start(work, properties),
          console);
      ObjectNode results = suite.run(keys);
      suite.printTable(results);
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), results);
      console.println("Wrote " + out);
      boolean allMeasured = keys.stream().noneMatch(key -> results.path(key.json()).isNull());
      return allMeasured ? ExitCodes.OK : ExitCodes.NOT_COMPLETED;
    } finally {
      deleteTree(work);
    }
  }

  /** The embedded stack with the benchmark's provider and media stand-ins, an in-memory catalog and a scratch folder. */
  private static BenchStack start(Path work, Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>();
    props.put("shotflow.bench.enabled", "true");
    // the figures in docs/performance.md are the in-memory server's, whether or not the Temporal CLI is installed
    props.put(TemporalCli.KEY, TemporalCli.NONE);
    props.put("shotflow.bench.work-dir", work.toString());
    props.put("shotflow.assets.root", work.resolve("assets").toString());
    props.put("shotflow.providers.local.jobs-dir", work.resolve("local-jobs").toString());
    props.put("shotflow.security.generated-tokens-file", work.resolve("api-tokens.yaml").toString());
    props.put("shotflow.temporal.generated-encryption-keys-file", work.resolve("temporal-payload-keys").toString());
    props.put("datasources.default.url", "jdbc:h2:mem:bench-" + UUID.randomUUID()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    props.putAll(extra);
    Stack stack = Stack.start(Stack.Role.ALL, props);
    return new BenchStack(stack.context(), stack.baseUrl(), stack::close);
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** {@code 10s}, {@code 500ms}, {@code 2m} or ISO-8601 ({@code PT10S}). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      try {
        if (v.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
          return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
          return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
        }
        return Duration.parse(value.trim());
      } catch (NumberFormatException | DateTimeParseException e) {
        throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (use 10s, 500ms, 2m or PT10S)");
      }
    }
  }
}
