package io.shotflow.launcher;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the Micronaut application in one of its roles. Without {@code TEMPORAL_ADDRESS} the all-in-one roles
 * start the in-memory Temporal server in-process; the single roles expect a running server.
 */
final class Stack implements AutoCloseable {

  enum Role { ALL, WORKER, API }

  private final ApplicationContext context;
  private final Role role;
  private final ProviderEmulation emulation;

  private Stack(ApplicationContext context, Role role, ProviderEmulation emulation) {
    this.context = context;
    this.role = role;
    this.emulation = emulation;
  }

  static Stack start(Role role, Map<String, Object> extra) {
    return start(role, extra, false);
  }

  /** With {@code emulateProviders} (role ALL only), the provider emulators start first and the adapters point at them. */
  static Stack start(Role role, Map<String, Object> extra, boolean emulateProviders) {
    Map<String, Object> props = new HashMap<>(extra);
    String address = temporalAddress().orElse(null);
    if (address != null) {
      props.put("temporal.address", address);
    } else if (role == Role.ALL) {
      int preferred = Integer.parseInt(String.valueOf(props.getOrDefault("shotflow.embedded-temporal.port", "7233")));
      props.put("shotflow.embedded-temporal.port", Ports.freeOr(preferred));
    } else {
      props.put("temporal.address", "127.0.0.1:7233");
    }
    props.put("shotflow.worker.enabled", role != Role.API);
    if (role == Role.WORKER) {
      return new Stack(ApplicationContext.builder().properties(props).deduceEnvironment(false).start(), role, null);
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
          role, emulation);
    } catch (RuntimeException e) {
      if (emulation != null) {
        emulation.close();
      }
      throw e;
    }
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

  @Override
  public void close() {
    if (context.isRunning()) {
      context.close();
    }
    if (emulation != null) {
      emulation.close();
    }
  }
}
