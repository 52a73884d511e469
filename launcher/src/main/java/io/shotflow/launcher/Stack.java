package io.shotflow.launcher;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
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

  private Stack(ApplicationContext context, Role role) {
    this.context = context;
    this.role = role;
  }

  static Stack start(Role role, Map<String, Object> extra) {
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
      return new Stack(ApplicationContext.builder().properties(props).deduceEnvironment(false).start(), role);
    }
    int port = Integer.parseInt(String.valueOf(props.getOrDefault("micronaut.server.port", envPort())));
    props.put("micronaut.server.port", role == Role.ALL ? Ports.freeOr(port) : port);
    return new Stack(Micronaut.build(new String[0]).properties(props).banner(false).deduceEnvironment(false).start(), role);
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
  }
}
