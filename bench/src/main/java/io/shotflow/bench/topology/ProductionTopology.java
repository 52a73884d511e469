package io.shotflow.bench.topology;

import io.shotflow.emulator.kling.KlingEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shotflow as production runs it, on one machine: {@code ./shotflow temporal-server}, {@code workers} worker processes
 * and one API process, each its own JVM started from this JVM's class path (the shaded jar under {@code ./shotflow
 * bench}, the test class path under surefire) by the launcher's main class, sharing a catalog
 * ({@link CatalogDatabase}) and an asset folder. The Kling emulator runs in this JVM with callbacks on:
 * {@code shotflow.public-url} is the API, so its webhooks go there. Each process logs to its own file under
 * {@code logs}; every child is stopped on {@link #close()} and, should this JVM end first, by a shutdown hook.
 */
public final class ProductionTopology implements AutoCloseable {

  /** The launcher's main class; bench cannot depend on the launcher module, so it is named. */
  public static final String MAIN_CLASS = "io.shotflow.launcher.Shotflow";
  /** JVM options of each child; {@code -Dshotflow.topology.java-opts=...} replaces them. */
  static final String DEFAULT_JAVA_OPTS =
      "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Djava.awt.headless=true";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /**
   * How the topology is built: worker processes, the Kling emulator's queue and processing latency, its output size
   * (long side in pixels), where the work folder (assets, emulator media) and the logs go, and extra properties for
   * every Shotflow process.
   */
  public record Options(int workers, Duration klingQueue, Duration klingProcessing, int mediaLongSide, Path work,
      Path logs, Map<String, String> extra) {}

  private final Options options;
  private final CatalogDatabase catalog;
  private final KlingEmulator kling;
  private final int temporalPort;
  private final int apiPort;
  private final Map<String, String> shotflowProperties;
  private final String producerToken;
  private final String reviewerToken;
  private final List<ChildProcess> all = new ArrayList<>();
  private final List<ChildProcess> workers = new ArrayList<>();
  private final AtomicInteger started = new AtomicInteger();
  private final Thread shutdownHook = new Thread(this::stopAll, "topology-shutdown");
  private ChildProcess temporal;
  private ChildProcess api;
  private TemporalProbe probe;

  private ProductionTopology(Options options, CatalogDatabase catalog, KlingEmulator kling) throws IOException {
    this.options = options;
    this.catalog = catalog;
    this.kling = kling;
    this.temporalPort = freePort();
    this.apiPort = freePort();
    this.producerToken = secret();
    this.reviewerToken = secret();
    Path tokens = options.work().resolve("tokens.yaml");
    Files.writeString(tokens, String.join("\n",
        "- { name: producer, token: \"" + producerToken + "\", roles: [producer] }",
        "- { name: reviewer, token: \"" + reviewerToken + "\", roles: [reviewer] }",
        "- { name: admin, token: \"" + secret() + "\", roles: [admin] }", ""));
    Map<String, String> props = new TreeMap<>(catalog.properties());
    props.put("shotflow.assets.root", options.work().resolve("assets").toAbsolutePath().toString());
    props.put("shotflow.assets.url-signing-key", secret());
    props.put("shotflow.providers.local.jobs-dir", options.work().resolve("local-jobs").toAbsolutePath().toString());
    props.put("shotflow.security.tokens-file", tokens.toAbsolutePath().toString());
    props.put("shotflow.public-url", apiUrl());
    props.put("micronaut.server.port", String.valueOf(apiPort));
    props.put("micronaut.server.host", "127.0.0.1");
    props.put("shotflow.providers.kling.base-url", kling.baseUrl());
    // no shotflow.worker.sticky-queue-timeout: workers find out themselves that the server is the in-memory one
    props.putAll(options.extra());
    this.shotflowProperties = props;
  }

  /**
   * Starts the Kling emulator, the Temporal server, the API and the workers, each ready (the server's and the workers'
   * start lines in their logs, the API's {@code /health}) before this returns.
   */
  public static ProductionTopology start(Options options) throws IOException {
    Files.createDirectories(options.work().resolve("assets"));
    Files.createDirectories(options.logs());
    String accessKey = "topology-ak-" + secret();
    String secretKey = secret();
    KlingEmulator kling = KlingEmulator.start(KlingEmulator.Options.of(accessKey, secretKey)
        .withLatency(options.klingQueue(), options.klingProcessing())
        .withSizes(options.mediaLongSide(), options.mediaLongSide())
        .withFolder(options.work().resolve("kling-emulator")));
    CatalogDatabase catalog = CatalogDatabase.any(options.work().resolve("catalog"));
    ProductionTopology topology;
    try {
      Map<String, String> extra = new HashMap<>(options.extra());
      extra.put("shotflow.providers.kling.access-key", accessKey);
      extra.put("shotflow.providers.kling.secret-key", secretKey);
      extra.put("shotflow.providers.kling.webhook-secret", secret());
      topology = new ProductionTopology(new Options(options.workers(), options.klingQueue(),
          options.klingProcessing(), options.mediaLongSide(), options.work(), options.logs(), Map.copyOf(extra)),
          catalog, kling);
    } catch (IOException | RuntimeException e) {
      kling.close();
      catalog.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(topology.shutdownHook);
    try {
      topology.startAll();
    } catch (RuntimeException e) {
      topology.close();
      throw e;
    }
    return topology;
  }

  private void startAll() {
    temporal = launch("temporal-server", List.of("temporal-server", "--port", String.valueOf(temporalPort)), false);
    temporal.awaitLogLine("Temporal test server listening", START_TIMEOUT);
    probe = new TemporalProbe(temporalAddress());
    api = launch("api", List.of("api"), true);
    if (!catalog.survivesAnyProcess()) {
      awaitApi();
    }
    for (int i = 0; i < options.workers(); i++) {
      workers.add(launch("worker", List.of("worker"), true));
    }
    awaitApi();
    workers.forEach(this::awaitWorker);
  }

  /** A new process of this role with the shared configuration; logs to {@code logs/<n>-<role>.log}. */
  private ChildProcess launch(String role, List<String> args, boolean shotflow) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getProperty("shotflow.topology.java-opts", DEFAULT_JAVA_OPTS).trim().split("\\s+")));
    if (shotflow) {
      shotflowProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    }
    // the test class path holds two logback-test.xml files, and logback would print its status about it to the log
    command.add("-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MAIN_CLASS);
    command.addAll(args);
    Map<String, String> env = new HashMap<>();
    env.put("TEMPORAL_ADDRESS", temporalAddress());
    // the API role takes its port from the environment (a -D property would be overridden by its 8080 default)
    env.put("MICRONAUT_SERVER_PORT", String.valueOf(apiPort));
    Path log = options.logs().resolve(String.format("%02d-%s.log", started.incrementAndGet(), role));
    ChildProcess child = ChildProcess.start(role, command, env, options.work(), log);
    synchronized (all) {
      all.add(child);
    }
    return child;
  }

  private void awaitApi() {
    TopologyApi client = api();
    api.awaitReady(client::healthy, "GET /health answering 200", START_TIMEOUT);
  }

  /** Blocks until {@code worker} has started its Temporal workers. */
  public void awaitWorker(ChildProcess worker) {
    worker.awaitLogLine("Shotflow worker started.", START_TIMEOUT);
  }

  /** The running worker processes, in start order. */
  public synchronized List<ChildProcess> workers() {
    return List.copyOf(workers);
  }

  /** The worker whose Temporal identity ({@code pid@host}) is {@code identity}, when it is one of ours. */
  public synchronized Optional<ChildProcess> workerWithIdentity(String identity) {
    if (identity == null || !identity.contains("@")) {
      return Optional.empty();
    }
    String pid = identity.substring(0, identity.indexOf('@'));
    return workers.stream().filter(w -> String.valueOf(w.pid()).equals(pid)).findFirst();
  }

  /** SIGKILL to this worker; it leaves the list of workers. */
  public synchronized void kill(ChildProcess worker) {
    worker.kill();
    workers.remove(worker);
  }

  /** Starts one more worker process (not waiting until it is ready: see {@link #awaitWorker}). */
  public synchronized ChildProcess startWorker() {
    ChildProcess worker = launch("worker", List.of("worker"), true);
    workers.add(worker);
    return worker;
  }

  /** SIGKILL to the API process. */
  public void killApi() {
    api.kill();
  }

  /** Starts the API again on the same port (the workers' callback URLs name it) and waits until it answers. */
  public void restartApi() {
    api.stop();
    api = launch("api", List.of("api"), true);
    awaitApi();
  }

  public ChildProcess apiProcess() {
    return api;
  }

  public TopologyApi api() {
    return new TopologyApi(apiUrl(), producerToken, reviewerToken);
  }

  public KlingEmulator kling() {
    return kling;
  }

  /** Reads workflow state from the Temporal server, as an operator's tools would. */
  public TemporalProbe temporal() {
    return probe;
  }

  public String temporalAddress() {
    return "127.0.0.1:" + temporalPort;
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  public CatalogDatabase catalog() {
    return catalog;
  }

  public Path logs() {
    return options.logs();
  }

  /** Stops every process (workers and API first, the server last), the emulator, and drops the catalog schema. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs
    }
    stopAll();
  }

  private void stopAll() {
    if (probe != null) {
      probe.close();
    }
    List<ChildProcess> children;
    synchronized (all) {
      children = new ArrayList<>(all);
      all.clear();
    }
    children.stream().filter(c -> c != temporal).parallel().forEach(ChildProcess::stop);
    if (temporal != null) {
      temporal.stop();
    }
    kling.close();
    catalog.close();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  private static String secret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
