package io.shotflow.bench.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One Shotflow process of the topology: its command, its log file (stdout and stderr together), and the two ways it
 * ends: {@link #kill()} is SIGKILL on this PID alone (what a crash looks like), {@link #stop()} asks it to stop and
 * kills it when it does not within ten seconds.
 */
public final class ChildProcess {

  private final String name;
  private final Process process;
  private final Path log;
  private final long startedMillis;

  private ChildProcess(String name, Process process, Path log, long startedMillis) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.startedMillis = startedMillis;
  }

  static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
      Path log) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    try {
      return new ChildProcess(name, builder.start(), log, System.currentTimeMillis());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public long startedMillis() {
    return startedMillis;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Waits until the log holds {@code line} (ready), or fails naming the log when the process ended or time ran out. */
  void awaitLogLine(String line, Duration timeout) {
    awaitReady(() -> logContains(line), "'" + line + "' in its log", timeout);
  }

  /** Waits until {@code ready} is true, polling every 200 ms; fails when the process ended or time ran out. */
  void awaitReady(BooleanSupplier ready, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " (pid " + pid() + ") exited with " + process.exitValue()
            + " before " + what + "; its log: " + log + "\n" + tail(40));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " (pid " + pid() + ") not ready within " + timeout + " (waiting for "
            + what + "); its log: " + log + "\n" + tail(40));
      }
      sleep(200);
    }
  }

  private boolean logContains(String line) {
    try {
      return Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(line);
    } catch (IOException e) {
      return false;
    }
  }

  /** The last {@code lines} lines of the log, for failure messages. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** SIGKILL (on Linux; {@link Process#destroyForcibly()}) to this process alone; returns once it is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, then SIGKILL after ten seconds. */
  public void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
