package io.shotflow.launcher;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The embedded stack, long-running, for reviews through the page. */
@Command(name = "serve", description = "Run Temporal (embedded unless TEMPORAL_ADDRESS), the worker and the API.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--emulate-providers",
      description = "run every provider's emulator on loopback and point the adapters at them (try kling, fal, ... offline)")
  boolean emulateProviders;

  @Override
  public Integer call() throws Exception {
    Stack stack = Stack.start(Stack.Role.ALL, Map.of(), emulateProviders);
    Tokens tokens = Tokens.of(stack.context());
    System.out.printf("Shotflow is serving on %s  (review page %s/review/)%n", stack.baseUrl(), stack.baseUrl());
    stack.printTemporal(System.out);
    stack.printEmulators(System.out);
    tokens.print(System.out);
    stack.awaitShutdown();
    return 0;
  }
}
