package io.shotflow.launcher.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the child process a launcher started (its PID and start time), so that a launcher that was killed without
 * running its shutdown hooks ({@code kill -9}, a crash) leaves nothing running for long: the next start finds the
 * record and stops that process (the same PID with the same start time, so a PID the system has since reused for
 * something else is left alone) before starting its own.
 */
final class PidFile {

  private static final Logger LOG = LoggerFactory.getLogger(PidFile.class);
  static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private final Path file;

  PidFile(Path file) {
    this.file = file;
  }

  Path path() {
    return file;
  }

  /** Writes the record of {@code process}. */
  void record(ProcessHandle process) {
    Properties record = new Properties();
    record.setProperty("pid", Long.toString(process.pid()));
    process.info().startInstant().ifPresent(start -> record.setProperty("started", start.toString()));
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      record.store(out, "the Temporal dev server a Shotflow launcher started; stopped at its exit or replaced at the next start");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Removes the record (the process it names has been stopped). */
  void clear() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not remove {}: {}", file, e.toString());
    }
  }

  /** The recorded process if it still runs (same PID, same start time). */
  Optional<ProcessHandle> recordedAlive() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties record = new Properties();
    try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      record.load(in);
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("Ignoring unreadable {}: {}", file, e.toString());
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(record.getProperty("pid", ""));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    Optional<Instant> started = Optional.ofNullable(record.getProperty("started")).map(Instant::parse);
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(handle -> {
      Optional<Instant> actual = handle.info().startInstant();
      return started.isEmpty() || actual.isEmpty() || started.equals(actual);
    });
  }

  /** Stops the recorded process if it still runs, and removes the record; true when there was one to stop. */
  boolean stopRecorded() {
    Optional<ProcessHandle> alive = recordedAlive();
    alive.ifPresent(process -> {
      LOG.warn("Stopping the Temporal dev server (pid {}) left running by an earlier Shotflow that did not exit "
          + "cleanly ({})", process.pid(), file);
      stop(process);
    });
    clear();
    return alive.isPresent();
  }

  /**
   * Asks {@code process} and its descendants to stop (SIGTERM: the dev server closes its database cleanly), and kills
   * whatever still runs after {@link #STOP_GRACE}. Descendants too, because a version manager's shim may run the real
   * CLI as its child.
   */
  static void stop(ProcessHandle process) {
    List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
    all.add(0, process);
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        LOG.warn("pid {} did not stop within {}; killing it", handle.pid(), STOP_GRACE);
        handle.destroyForcibly();
        CompletableFuture<ProcessHandle> exit = handle.onExit();
        try {
          exit.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        } catch (ExecutionException | TimeoutException ignored) {
          // nothing more can be done from here
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        all.forEach(ProcessHandle::destroyForcibly);
        return;
      } catch (ExecutionException e) {
        // onExit does not fail
      }
    }
  }
}
