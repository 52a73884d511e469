package io.shotflow.launcher;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.shotflow.launcher.embedded.DevTemporalServer;
import io.shotflow.launcher.embedded.TemporalCli;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the Micronaut application in one of its roles. Without {@code TEMPORAL_ADDRESS} the all-in-one role starts
 * a local Temporal: the Temporal CLI's durable dev server as a child process when the CLI is installed
 * ({@link DevTemporalServer}), else the in-memory server in-process; the single roles expect a running server.
 */
final class Stack implements AutoCloseable {

  enum Role { ALL, WORKER, API }

  /** How long the dev server waits, at exit, for the application to stop using it. */
  private static final Duration CONTEXT_STOP_WAIT = Duration.ofSeconds(40);

  private final ApplicationContext context;
  private final Role role;
  private final ProviderEmulation emulation;
  private final DevTemporalServer devTemporal;
  private final Thread devTemporalHook;

  private Stack(ApplicationContext context, Role role, ProviderEmulation emulation, DevTemporalServer devTemporal) {
    this.context = context;
    this.role = role;
    this.emulation = emulation;
    this.devTemporal = devTemporal;
    // Ctrl-C or a kill: Micronaut's own hook stops the application; the child server goes once it has (a worker
    // finishing its activities still reports them), or when the wait runs out
    this.devTemporalHook = devTemporal == null ? null : new Thread(() -> {
      awaitContextStopped();
      devTemporal.close();
    }, "shotflow-temporal-dev-server-stop");
    if (devTemporalHook != null) {
      Runtime.getRuntime().addShutdownHook(devTemporalHook);
    }
  }

  static Stack start(Role role, Map<String, Object> extra) {
    return start(role, extra, false);
  }

  /** With {@code emulateProviders} (role ALL only), the provider emulators start first and the adapters point at them. */
  static Stack start(Role role, Map<String, Object> extra, boolean emulateProviders) {
    Map<String, Object> props = new HashMap<>(extra);
    String address = temporalAddress().orElse(null);
    DevTemporalServer devTemporal = null;
    if (address != null) {
      props.put("temporal.address", address);
    } else if (role == Role.ALL) {
      Environment settings = settings(props);
      try {
        Optional<String> configured = settings.getProperty("temporal.address", String.class).filter(a -> !a.isBlank());
        Optional<Path> cli = configured.isPresent() ? Optional.empty()
            : TemporalCli.find(settings.getProperty(TemporalCli.KEY, String.class).orElse(null), System.getenv("PATH"));
        int preferred = settings.getProperty("shotflow.embedded-temporal.port", Integer.class).orElse(7233);
        if (configured.isPresent()) {
          // temporal.address from a system property or a configuration file: that server, nothing local
          props.put("temporal.address", configured.get());
        } else if (cli.isPresent()) {
          devTemporal = DevTemporalServer.start(devServerSettings(cli.get(), settings, preferred));
          props.put("temporal.address", devTemporal.target());
        } else {
          props.put("shotflow.embedded-temporal.port", Ports.freeOr(preferred));
        }
      } finally {
        settings.stop();
      }
    } else {
      props.put("temporal.address", "127.0.0.1:7233");
    }
    try {
      return start(role, props, emulateProviders, devTemporal);
    } catch (RuntimeException e) {
      if (devTemporal != null) {
        devTemporal.close();
      }
      throw e;
    }
  }

  private static Stack start(Role role, Map<String, Object> props, boolean emulateProviders,
      DevTemporalServer devTemporal) {
    props.put("shotflow.worker.enabled", role != Role.API);
    if (role == Role.WORKER) {
      return new Stack(ApplicationContext.builder().properties(props).deduceEnvironment(false).start(), role, null,
          devTemporal);
    }
    int preferred = Integer.parseInt(String.valueOf(props.getOrDefault("micronaut.server.port", envPort())));
    int port = role == Role.ALL ? Ports.freeOr(preferred) : preferred;
    props.put("micronaut.server.port", port);
    ProviderEmulation emulation = emulateProviders && role == Role.ALL ? ProviderEmulation.start() : null;
    try {
      if (emulation != null) {
        props.putAll(emulation.properties(port));
      }
      return new Stack(Micronaut.build(new String[0]).properties(props).banner(false).deduceEnvironment(false).start(),
          role, emulation, devTemporal);
    } catch (RuntimeException e) {
      if (emulation != null) {
        emulation.close();
      }
      throw e;
    }
  }

  /**
   * The configuration as the application will see it (application.yml, environment variables, system properties and
   * {@code props}), read before it starts because the local Temporal must run first.
   */
  private static Environment settings(Map<String, Object> props) {
    Environment environment = ApplicationContext.builder().properties(props).deduceEnvironment(false).build()
        .getEnvironment();
    environment.start();
    return environment;
  }

  /**
   * The dev server's settings: {@code shotflow.embedded-temporal.db-file} (default {@code data/temporal.db}),
   * the frontend on {@code shotflow.embedded-temporal.port} and the UI on {@code .ui-port} (default the port + 1000,
   * as the CLI does; either moves to a free port when taken), listening on {@code .host}, else
   * {@code shotflow.bind-address} (127.0.0.1), with {@code .start-timeout} (default 60 s) to answer.
   */
  private static DevTemporalServer.Settings devServerSettings(Path cli, Environment settings, int preferredPort) {
    Path dbFile = Path.of(settings.getProperty("shotflow.embedded-temporal.db-file", String.class)
        .orElse("data/temporal.db"));
    // a leftover from a killed launcher holds the ports it was given: stop it before looking for free ones
    DevTemporalServer.stopLeftover(dbFile);
    String host = settings.getProperty("shotflow.embedded-temporal.host", String.class).filter(h -> !h.isBlank())
        .orElseGet(() -> settings.getProperty("shotflow.bind-address", String.class).orElse("127.0.0.1"));
    int uiPreferred = settings.getProperty("shotflow.embedded-temporal.ui-port", Integer.class)
        .orElse(Math.min(preferredPort + 1000, 65535));
    return new DevTemporalServer.Settings(cli, dbFile, host, Ports.freeOr(preferredPort), Ports.freeOr(uiPreferred),
        settings.getProperty("temporal.namespace", String.class).orElse("default"),
        settings.getProperty("shotflow.embedded-temporal.start-timeout", Duration.class).orElse(Duration.ofSeconds(60)));
  }

  private static Optional<String> temporalAddress() {
    return Optional.ofNullable(System.getenv("TEMPORAL_ADDRESS")).filter(s -> !s.isBlank());
  }

  private static String envPort() {
    return Optional.ofNullable(System.getenv("MICRONAUT_SERVER_PORT")).orElse("8080");
  }

  ApplicationContext context() {
    return context;
  }

  /** Prints which Temporal this stack started: the durable dev server with its UI's address, or the in-memory one. */
  void printTemporal(PrintStream out) {
    if (devTemporal != null) {
      out.printf("Temporal UI: %s  (durable local Temporal on %s, state in %s)%n", devTemporal.uiUrl(),
          devTemporal.target(), devTemporal.databaseFile());
    } else if (role == Role.ALL && !context.containsProperty("temporal.address")) {
      out.println("Temporal: in-memory (running storyboards are lost when this stops; install the Temporal CLI, or set"
          + " TEMPORAL_ADDRESS, for a durable one)");
    }
  }

  /** Prints where the provider emulators run, when this stack started them. */
  void printEmulators(PrintStream out) {
    if (emulation != null) {
      emulation.print(out);
    }
  }

  /** The API's base URL, e.g. {@code http://localhost:8080}. */
  String baseUrl() {
    EmbeddedServer server = context.getBean(EmbeddedServer.class);
    return "http://localhost:" + server.getPort();
  }

  /**
   * Blocks until the JVM is asked to stop. A server started through {@link Micronaut} stops itself and its context
   * from Micronaut's own shutdown hook (a second hook closing the context would deadlock against it); the worker
   * role is a plain context, so its hook closes it.
   */
  void awaitShutdown() throws InterruptedException {
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (role == Role.WORKER) {
        close();
      } else if (emulation != null) {
        emulation.close();
      }
      stopped.countDown();
    }));
    stopped.await();
  }

  private void awaitContextStopped() {
    long deadline = System.nanoTime() + CONTEXT_STOP_WAIT.toNanos();
    while (context.isRunning() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    if (context.isRunning()) {
      context.close();
    }
    if (emulation != null) {
      emulation.close();
    }
    if (devTemporal != null) {
      devTemporal.close();
      try {
        Runtime.getRuntime().removeShutdownHook(devTemporalHook);
      } catch (IllegalStateException e) {
        // the JVM is already stopping: the hook runs and finds the server stopped
      }
    }
  }
}
