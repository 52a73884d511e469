package io.shotflow.launcher;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The embedded stack, long-running, for reviews through the page. */
@Command(name = "serve", description = "Run Temporal (embedded unless TEMPORAL_ADDRESS), the worker and the API.")
final class ServeCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    Stack stack = Stack.start(Stack.Role.ALL, Map.of());
    Tokens tokens = Tokens.of(stack.context());
    System.out.printf("Shotflow is serving on %s  (review page %s/review/)%n", stack.baseUrl(), stack.baseUrl());
    tokens.print(System.out);
    stack.awaitShutdown();
    return 0;
  }
}
