package io.shotflow.emulator.common;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The lifecycle of an emulated job: queued for {@code queueLatency}, then started and worked on (rendering real media),
 * then finished no sooner than {@code processingLatency} after it started, so a status machine is observable even when
 * the render is quick.
 */
public final class JobScheduler implements AutoCloseable {

  private final Duration queueLatency;
  private final Duration processingLatency;
  private final ScheduledThreadPoolExecutor scheduler;

  public JobScheduler(String name, Duration queueLatency, Duration processingLatency) {
    this.queueLatency = queueLatency;
    this.processingLatency = processingLatency;
    this.scheduler = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, name + "-jobs");
      t.setDaemon(true);
      return t;
    });
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Schedules a job: {@code start} moves it to running (false when it was cancelled while queued), {@code work}
   * produces its outcome, {@code finish} records it.
   */
  public <T> void run(BooleanSupplier start, Supplier<T> work, Consumer<T> finish) {
    scheduler.schedule(() -> {
      if (!start.getAsBoolean()) {
        return;
      }
      long started = System.nanoTime();
      T outcome = work.get();
      long wait = Math.max(0, processingLatency.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      if (!scheduler.isShutdown()) {
        scheduler.schedule(() -> finish.accept(outcome), wait, TimeUnit.MILLISECONDS);
      }
    }, queueLatency.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Lets a render in progress finish (it writes into the emulator's folder); pending steps are dropped. */
  @Override
  public void close() {
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
  }
}
