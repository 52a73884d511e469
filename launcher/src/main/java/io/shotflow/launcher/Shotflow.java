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
      BenchCommand.class
    })
public final class Shotflow implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Shotflow()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
