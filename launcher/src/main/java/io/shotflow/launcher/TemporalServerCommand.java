package io.shotflow.launcher;

import io.shotflow.launcher.embedded.EmbeddedTemporalServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The standalone in-memory Temporal server, for running worker and API as separate processes. */
@Command(name = "temporal-server", description = "Run the in-memory Temporal server (state is lost when it stops).")
final class TemporalServerCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "7233", description = "gRPC port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bind-address", defaultValue = "${env:SHOTFLOW_BIND_ADDRESS:-127.0.0.1}",
      description = "address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface: the server has no "
          + "authentication)")
  String bindAddress;

  @Override
  public Integer call() throws Exception {
    var server = new EmbeddedTemporalServer(port, bindAddress);
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }));
    System.out.printf("Temporal test server listening on %s:%d (in memory: state is lost on stop)%n", bindAddress, port);
    System.out.printf("Point workers and the API at it with TEMPORAL_ADDRESS=%s%n", server.target());
    stopped.await();
    return 0;
  }
}
