package io.shotflow.launcher.embedded;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.shotflow.platform.temporal.InProcessTemporal;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.InProcessGRPCServer;
import io.temporal.internal.testservice.TestServicesStarter;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory Temporal frontend used when {@code temporal.address} is unset: Temporal's Java test server in real
 * time (no time skipping), bound to a port so a separate worker or CLI can connect, and reachable in-process through
 * {@link #channel()}: this process's own client skips TCP, HTTP/2 and protobuf encoding, which cost a quarter of the
 * CPU of a busy embedded stack. The services are the test server's own ({@code TestServer.createPortBoundServer}
 * builds the same with one transport); both transports share one call executor whose idle threads go after a few
 * seconds (gRPC's default keeps them a minute).
 */
@Singleton
@Requires(property = "temporal.enabled", notEquals = "false")
@Requires(missingProperty = "temporal.address")
public class EmbeddedTemporalServer implements InProcessTemporal, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTemporalServer.class);

  /** Idle server threads go after this; each long poll holds one while it waits, so the pool cannot be bounded. */
  private static final long IDLE_SECONDS = 5;

  private final int port;
  private final TestServicesStarter services;
  private final ThreadPoolExecutor executor;
  private final Server server;
  private final Server inProcess;
  private final ManagedChannel channel;

  public EmbeddedTemporalServer(@Value("${shotflow.embedded-temporal.port:7233}") int port) {
    this.port = port;
    this.services = new TestServicesStarter(true, 0);
    TestServerLockLog.disable(services);
    AtomicInteger threads = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread thread = new Thread(r, "temporal-embedded-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    String name = InProcessServerBuilder.generateName();
    try {
      this.server = start(Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create()));
      // the message size check a real server (and the TCP transport) applies, which in-process calls would skip
      this.inProcess = start(InProcessServerBuilder.forName(name), new InProcessGRPCServer.MessageSizeChecker());
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot start the embedded Temporal server on port " + port, e);
    }
    this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    LOG.warn("Started the embedded Temporal server on 127.0.0.1:{}. Its state is IN MEMORY: running storyboards are "
        + "lost when this process stops (set temporal.address / TEMPORAL_ADDRESS to use a durable Temporal).", port);
  }

  /** The {@code host:port} other processes connect to. */
  @Override
  public String target() {
    return "127.0.0.1:" + port;
  }

  /** A channel to the same server inside this process. */
  @Override
  public ManagedChannel channel() {
    return channel;
  }

  private Server start(ServerBuilder<?> builder, ServerInterceptor... interceptors) throws IOException {
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder.executor(executor),
        List.of(interceptors));
    return builder.build().start();
  }

  @Override
  @PreDestroy
  public void close() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (inProcess != null) {
      inProcess.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
    services.close();
    executor.shutdownNow();
    LOG.info("Stopped the embedded Temporal server on port {}", port);
  }
}
