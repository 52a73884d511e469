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
 * and {@code apis} API processes, each its own JVM started from this JVM's class path (the shaded jar under {@code
 * ./shotflow bench}, the test class path under surefire) by the launcher's main class, sharing a catalog
 * ({@link CatalogDatabase}) and an asset store (a folder, unless {@code extra} configures another). The Kling emulator
 * runs in this JVM with callbacks on: each worker's {@code shotflow.public-url} is one of the APIs, in turn (worker 1
 * the first API, worker 2 the second, ...), so the webhooks of the jobs it submits go there. Each process logs to its own file under
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
   * How the topology is built: worker and API processes, the Kling emulator's queue and processing latency, its
   * output size (long side in pixels), where the work folder (assets, emulator media) and the logs go, and extra
   * properties for every Shotflow process.
   */
  public record Options(int workers, int apis, Duration klingQueue, Duration klingProcessing, int mediaLongSide,
      Path work, Path logs, Map<String, String> extra) {

    public Options {
      if (workers < 1 || apis < 1) {
        throw new IllegalArgumentException("a topology needs a worker and an API, got " + workers + " and " + apis);
      }
    }
  }

  private final Options options;
  private final CatalogDatabase catalog;
  private final KlingEmulator kling;
  private final int temporalPort;
  private final List<Integer> apiPorts = new ArrayList<>();
  private final Map<String, String> shotflowProperties;
  private final String producerToken;
  private final String reviewerToken;
  private final List<ChildProcess> all = new ArrayList<>();
  private final List<ChildProcess> workers = new ArrayList<>();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger workersStarted = new AtomicInteger();
  private final Thread shutdownHook = new Thread(this::stopAll, "topology-shutdown");
  private ChildProcess temporal;
  private final List<ChildProcess> apis = new ArrayList<>();
  private TemporalProbe probe;

  private ProductionTopology(Options options, CatalogDatabase catalog, KlingEmulator kling) throws IOException {
    this.options = options;
    this.catalog = catalog;
    this.kling = kling;
    this.temporalPort = freePort();
    for (int i = 0; i < options.apis(); i++) {
      apiPorts.add(freePort());
    }
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
      topology = new ProductionTopology(new Options(options.workers(), options.apis(), options.klingQueue(),
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
    for (int i = 0; i < options.apis(); i++) {
      apis.add(launchApi(i));
      if (!catalog.survivesAnyProcess()) {
        awaitApi(i);
      }
    }
    for (int i = 0; i < options.workers(); i++) {
      startWorker();
    }
    for (int i = 0; i < options.apis(); i++) {
      awaitApi(i);
    }
    workers().forEach(this::awaitWorker);
  }

  /** API {@code n} (from 0) on its own port, which is also its {@code shotflow.public-url}. */
  private ChildProcess launchApi(int n) {
    return launch("api", List.of("api"), true, Map.of("shotflow.public-url", apiUrl(n),
        "micronaut.server.port", String.valueOf(apiPorts.get(n))), apiPorts.get(n));
  }

  private ChildProcess launch(String role, List<String> args, boolean shotflow) {
    return launch(role, args, shotflow, Map.of(), apiPorts.get(0));
  }

  /**
   * A new process of this role with the shared configuration and its {@code own} properties; logs to {@code
   * logs/<n>-<role>.log}.
   */
  private ChildProcess launch(String role, List<String> args, boolean shotflow, Map<String, String> own, int port) {
    String name = String.format("%02d-%s", started.incrementAndGet(), role);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getProperty("shotflow.topology.java-opts", DEFAULT_JAVA_OPTS).trim().split("\\s+")));
    if (shotflow) {
      Map<String, String> props = new TreeMap<>(shotflowProperties);
      // with the S3 store, each process keeps its own local cache, as on a machine of its own
      props.put("shotflow.assets.s3.cache-dir", options.work().resolve("asset-cache").resolve(name).toString());
      props.putAll(own);
      props.forEach((k, v) -> command.add("-D" + k + "=" + v));
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
    env.put("MICRONAUT_SERVER_PORT", String.valueOf(port));
    Path log = options.logs().resolve(name + ".log");
    ChildProcess child = ChildProcess.start(role, command, env, options.work(), log);
    synchronized (all) {
      all.add(child);
    }
    return child;
  }

  private void awaitApi(int n) {
    TopologyApi client = api(n);
    apiProcess(n).awaitReady(client::healthy, "GET /health answering 200", START_TIMEOUT);
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

  /**
   * Starts one more worker process (not waiting until it is ready: see {@link #awaitWorker}); its callbacks go to the
   * next API in turn.
   */
  public synchronized ChildProcess startWorker() {
    int n = workersStarted.getAndIncrement();
    ChildProcess worker = launch("worker", List.of("worker"), true,
        Map.of("shotflow.public-url", apiUrl(n % apiPorts.size())), apiPorts.get(0));
    workers.add(worker);
    return worker;
  }

  /** SIGKILL to the first API process. */
  public void killApi() {
    apiProcess().kill();
  }

  /** Starts the first API again on the same port (the workers' callback URLs name it) and waits until it answers. */
  public void restartApi() {
    apiProcess().stop();
    synchronized (apis) {
      apis.set(0, launchApi(0));
    }
    awaitApi(0);
  }

  public ChildProcess apiProcess() {
    return apiProcess(0);
  }

  /** API process {@code n}, from 0. */
  public ChildProcess apiProcess(int n) {
    synchronized (apis) {
      return apis.get(n);
    }
  }

  public TopologyApi api() {
    return api(0);
  }

  /** A client of API {@code n}, from 0. */
  public TopologyApi api(int n) {
    return new TopologyApi(apiUrl(n), producerToken, reviewerToken);
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
    return apiUrl(0);
  }

  /** The base URL of API {@code n}, from 0. */
  public String apiUrl(int n) {
    return "http://127.0.0.1:" + apiPorts.get(n);
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
