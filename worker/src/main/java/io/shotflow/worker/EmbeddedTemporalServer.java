package io.shotflow.worker;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.temporal.testserver.TestServer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory Temporal frontend used when {@code temporal.address} is unset: Temporal's Java test server,
 * bound to a port so a separate worker or CLI can connect, in real time (no time skipping).
 */
@Singleton
@Requires(property = "temporal.enabled", notEquals = "false")
@Requires(missingProperty = "temporal.address")
public class EmbeddedTemporalServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTemporalServer.class);

  private final int port;
  private final TestServer.PortBoundTestServer server;

  public EmbeddedTemporalServer(@Value("${shotflow.embedded-temporal.port:7233}") int port) {
    this.port = port;
    this.server = TestServer.createPortBoundServer(port, true);
    LOG.warn("Started the embedded Temporal server on 127.0.0.1:{}. Its state is IN MEMORY: running storyboards are "
        + "lost when this process stops (set temporal.address / TEMPORAL_ADDRESS to use a durable Temporal).", port);
  }

  /** The {@code host:port} clients connect to. */
  public String target() {
    return "127.0.0.1:" + port;
  }

  @Override
  @PreDestroy
  public void close() {
    server.close();
    LOG.info("Stopped the embedded Temporal server on port {}", port);
  }
}
