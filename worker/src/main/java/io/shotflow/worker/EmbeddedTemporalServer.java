package io.shotflow.worker;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.InProcessGRPCServer;
import io.temporal.internal.testservice.TestServicesStarter;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory Temporal frontend used when {@code temporal.address} is unset: Temporal's Java test server in real
 * time (no time skipping), bound to a port so a separate worker or CLI can connect, and reachable in-process through
 * {@link #channel()}: this process's own client skips TCP, HTTP/2 and protobuf encoding, which cost a quarter of the
 * CPU of a busy embedded stack. The services are the test server's own ({@code TestServer.createPortBoundServer}
 * builds the same, with one transport).
 */
@Singleton
@Requires(property = "temporal.enabled", notEquals = "false")
@Requires(missingProperty = "temporal.address")
public class EmbeddedTemporalServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTemporalServer.class);

  private final int port;
  private final TestServicesStarter services;
  private final Server server;
  private final InProcessGRPCServer inProcess;

  public EmbeddedTemporalServer(@Value("${shotflow.embedded-temporal.port:7233}") int port) {
    this.port = port;
    this.services = new TestServicesStarter(true, 0);
    TestServerLockLog.disable(services);
    ServerBuilder<?> builder = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    try {
      this.server = builder.build().start();
    } catch (IOException e) {
      services.close();
      throw new UncheckedIOException("cannot start the embedded Temporal server on port " + port, e);
    }
    this.inProcess = new InProcessGRPCServer(services.getServices());
    LOG.warn("Started the embedded Temporal server on 127.0.0.1:{}. Its state is IN MEMORY: running storyboards are "
        + "lost when this process stops (set temporal.address / TEMPORAL_ADDRESS to use a durable Temporal).", port);
  }

  /** The {@code host:port} other processes connect to. */
  public String target() {
    return "127.0.0.1:" + port;
  }

  /** A channel to the same server inside this process. */
  public ManagedChannel channel() {
    return inProcess.getChannel();
  }

  @Override
  @PreDestroy
  public void close() {
    inProcess.shutdownNow();
    server.shutdownNow();
    services.close();
    LOG.info("Stopped the embedded Temporal server on port {}", port);
  }
}
