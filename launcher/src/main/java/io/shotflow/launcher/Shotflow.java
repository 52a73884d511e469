package io.shotflow.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./shotflow} command. */
@Command(
    name = "shotflow",
    mixinStandardHelpOptions = true,
    version = "shotflow 0.1.0",
    description = "Durable storyboard-to-video pipeline on Temporal.",
    subcommands = {
      RunCommand.class,
      ServeCommand.class,
      TemporalServerCommand.class,
      WorkerCommand.class,
      ApiCommand.class,
      BenchCommand.class,
      StatusCommand.class,
      WatchCommand.class,
      ReviewCommand.class
    })
public final class Shotflow implements Runnable {

  private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // With 2 cores or fewer the common pool gets one thread, and then every CompletableFuture *Async step without an
    // executor starts a thread of its own: the JDK HttpClient's sendAsync does one per response.
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
    System.exit(new CommandLine(new Shotflow()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
