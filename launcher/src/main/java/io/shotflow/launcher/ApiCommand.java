package io.shotflow.launcher;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The API role alone, against TEMPORAL_ADDRESS. */
@Command(name = "api", description = "Run the HTTP API against TEMPORAL_ADDRESS (default 127.0.0.1:7233).")
final class ApiCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    Stack stack = Stack.start(Stack.Role.API, Map.of());
    System.out.printf("Shotflow API on %s%n", stack.baseUrl());
    Tokens.of(stack.context()).print(System.out);
    stack.awaitShutdown();
    return 0;
  }
}
