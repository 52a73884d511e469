package io.shotflow.launcher;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The worker role alone: Temporal workers for orchestration, media and every provider queue. */
@Command(name = "worker", description = "Run the Temporal workers against TEMPORAL_ADDRESS (default 127.0.0.1:7233).")
final class WorkerCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    Stack stack = Stack.start(Stack.Role.WORKER, Map.of());
    System.out.println("Shotflow worker started.");
    stack.awaitShutdown();
    return 0;
  }
}
