package io.shotflow.launcher.embedded;

import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.shotflow.platform.temporal.InProcessTemporal;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.InProcessGRPCServer;
import io.temporal.internal.testservice.TestServicesStarter;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
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
 *
 * <p>The port has no authentication (whoever reaches it can signal, update and read every workflow), so it listens on
 * {@code shotflow.embedded-temporal.host}, else {@code shotflow.bind-address}, default 127.0.0.1.
 */
@Singleton
@Requires(property = "temporal.enabled", notEquals = "false")
@Requires(missingProperty = "temporal.address")
public class EmbeddedTemporalServer implements InProcessTemporal, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTemporalServer.class);

  /** Idle server threads go after this; each long poll holds one while it waits, so the pool cannot be bounded. */
  private static final long IDLE_SECONDS = 5;

  private final int port;
  private final String host;
  private final TestServicesStarter services;
  private final ThreadPoolExecutor executor;
  private final Server server;
  private final Server inProcess;
  private final ManagedChannel channel;

  @Inject
  public EmbeddedTemporalServer(@Value("${shotflow.embedded-temporal.port:7233}") int port,
      @Nullable @Value("${shotflow.embedded-temporal.host}") String host,
      @Value("${shotflow.bind-address:127.0.0.1}") String bindAddress) {
    this(port, host == null || host.isBlank() ? bindAddress : host);
  }

  /** The server on {@code host:port}; {@code 0.0.0.0} listens on every interface. */
  public EmbeddedTemporalServer(int port, String host) {
    this.port = port;
    this.host = host;
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
      this.server = start(NettyServerBuilder.forAddress(new InetSocketAddress(host, port),
          InsecureServerCredentials.create()));
      // the message size check a real server (and the TCP transport) applies, which in-process calls would skip
      this.inProcess = start(InProcessServerBuilder.forName(name), new InProcessGRPCServer.MessageSizeChecker());
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot start the embedded Temporal server on " + host + ":" + port, e);
    }
    this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    LOG.warn("Started the embedded Temporal server on {}:{}. Its state is IN MEMORY: running storyboards are "
        + "lost when this process stops (install the Temporal CLI for a durable local one, or set temporal.address / "
        + "TEMPORAL_ADDRESS to use a Temporal server).",
        host, port);
  }

  /** The {@code host:port} other processes connect to: the bind address, or loopback when it is every interface. */
  @Override
  public String target() {
    InetSocketAddress bound = (InetSocketAddress) listenAddresses().get(0);
    InetAddress address = bound.getAddress();
    String reachable = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
    return (reachable.contains(":") ? "[" + reachable + "]" : reachable) + ":" + bound.getPort();
  }

  /** The socket addresses the TCP frontend listens on, as the server reports them. */
  public List<? extends SocketAddress> listenAddresses() {
    return server.getListenSockets();
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
    LOG.info("Stopped the embedded Temporal server on {}:{}", host, port);
  }
}
