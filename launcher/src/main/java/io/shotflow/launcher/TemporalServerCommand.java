package io.shotflow.launcher;

import io.temporal.testserver.TestServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The standalone in-memory Temporal server, for running worker and API as separate processes. */
@Command(name = "temporal-server", description = "Run the in-memory Temporal server (state is lost when it stops).")
final class TemporalServerCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "7233", description = "gRPC port (default ${DEFAULT-VALUE})")
  int port;

  @Override
  public Integer call() throws Exception {
    var server = TestServer.createPortBoundServer(port, true);
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        // the JVM is exiting; nothing else to release
      }
      stopped.countDown();
    }));
    System.out.printf("Temporal test server listening on 127.0.0.1:%d (in memory: state is lost on stop)%n", port);
    System.out.printf("Point workers and the API at it with TEMPORAL_ADDRESS=127.0.0.1:%d%n", port);
    stopped.await();
    return 0;
  }
}
