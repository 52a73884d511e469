package io.shotflow.launcher.embedded;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable local Temporal of {@code run} and {@code serve} when the Temporal CLI is installed: a child process
 * {@code temporal server start-dev --db-filename <file>} (SQLite: storyboards survive a restart) with the Temporal UI,
 * on loopback unless configured otherwise. The application then connects to it as to any real server.
 *
 * <p>The child is stopped when this is closed (the launcher's exit, Ctrl-C included). A launcher killed outright
 * cannot stop it, so its PID is recorded next to the database ({@link PidFile}) and the next start stops it before
 * starting a fresh one (the database file allows one server at a time).
 */
public final class DevTemporalServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DevTemporalServer.class);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final int LOG_TAIL_LINES = 30;

  /**
   * What to start: the CLI, the database file, the address of the frontend ({@code host:port}) and of the UI
   * ({@code uiPort} on the same host), the namespace the application uses (created at start unless {@code default},
   * which always is) and how long the frontend may take to answer.
   */
  public record Settings(Path cli, Path dbFile, String host, int port, int uiPort, String namespace,
      Duration startTimeout) {

    /** The command line. Search attributes are not passed: the application registers its own at every start. */
    public List<String> command() {
      List<String> command = new ArrayList<>(List.of(cli.toString(), "server", "start-dev",
          "--db-filename", dbFile.toAbsolutePath().toString(),
          "--ip", host, "--port", Integer.toString(port), "--ui-port", Integer.toString(uiPort)));
      if (!"default".equals(namespace)) {
        command.addAll(List.of("--namespace", namespace));
      }
      return command;
    }
  }

  private final Settings settings;
  private final Process process;
  private final PidFile pidFile;
  private final Path logFile;

  private DevTemporalServer(Settings settings, Process process, PidFile pidFile, Path logFile) {
    this.settings = settings;
    this.process = process;
    this.pidFile = pidFile;
    this.logFile = logFile;
  }

  /**
   * Stops the dev server a launcher killed outright left running on {@code dbFile} (its PID is recorded beside the
   * file), freeing the file and its ports; true when there was one. {@link #start} does it too; call this first when
   * choosing free ports, or the leftover's would look taken.
   */
  public static boolean stopLeftover(Path dbFile) {
    return pidFile(dbFile.toAbsolutePath()).stopRecorded();
  }

  private static PidFile pidFile(Path db) {
    return new PidFile(db.resolveSibling(baseName(db) + ".pid"));
  }

  private static String baseName(Path db) {
    return db.getFileName().toString().replaceFirst("\\.[^.]*$", "");
  }

  /** Starts the CLI and returns once its frontend answers; on failure the child is stopped and its log quoted. */
  public static DevTemporalServer start(Settings settings) {
    Path db = settings.dbFile().toAbsolutePath();
    PidFile pidFile = pidFile(db);
    Path logFile = db.resolveSibling(baseName(db) + ".log");
    Process process;
    try {
      Files.createDirectories(db.getParent());
      pidFile.stopRecorded();
      ProcessBuilder builder = new ProcessBuilder(settings.command())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + settings.cli() + " server start-dev", e);
    }
    pidFile.record(process.toHandle());
    DevTemporalServer server = new DevTemporalServer(settings, process, pidFile, logFile);
    try {
      server.awaitFrontend();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    LOG.info("Started the Temporal dev server (pid {}) on {} with its database {} and its UI at {}; its log: {}",
        process.pid(), server.target(), db, server.uiUrl(), logFile);
    return server;
  }

  /** The {@code host:port} of the frontend, for {@code temporal.address}. */
  public String target() {
    return reachableHost() + ":" + settings.port();
  }

  /** The Temporal UI's address. */
  public String uiUrl() {
    String host = reachableHost();
    return "http://" + (host.equals("127.0.0.1") ? "localhost" : host) + ":" + settings.uiPort();
  }

  public Path databaseFile() {
    return settings.dbFile().toAbsolutePath();
  }

  public long pid() {
    return process.pid();
  }

  private String reachableHost() {
    String host = settings.host();
    return host.equals("0.0.0.0") ? "127.0.0.1" : host;
  }

  private void awaitFrontend() {
    long deadline = System.nanoTime() + settings.startTimeout().toNanos();
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target()).usePlaintext().build();
    try {
      var stub = WorkflowServiceGrpc.newBlockingStub(channel);
      StatusRuntimeException last = null;
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException(settings.cli() + " server start-dev exited with code " + process.exitValue()
              + " before its frontend answered on " + target() + ". The end of its log (" + logFile + "):\n" + logTail());
        }
        try {
          stub.withDeadlineAfter(2, TimeUnit.SECONDS).getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
          return;
        } catch (StatusRuntimeException e) {
          last = e;
        }
        sleep();
      }
      throw new IllegalStateException(settings.cli() + " server start-dev did not answer on " + target() + " within "
          + settings.startTimeout() + " (shotflow.embedded-temporal.start-timeout)"
          + (last == null ? "" : ": " + last.getStatus()) + ". The end of its log (" + logFile + "):\n" + logTail());
    } finally {
      channel.shutdownNow();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Temporal dev server", e);
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Stops the child (and anything it started) and removes the PID record. */
  @Override
  public void close() {
    if (process.isAlive()) {
      PidFile.stop(process.toHandle());
      LOG.info("Stopped the Temporal dev server (pid {}); its state stays in {}", process.pid(), databaseFile());
    }
    pidFile.clear();
  }
}
