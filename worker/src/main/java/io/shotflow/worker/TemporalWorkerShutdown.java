package io.shotflow.worker;

import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.temporal.worker.WorkerFactory;
import jakarta.inject.Singleton;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** On graceful shutdown: stop polling, let running workflow and activity tasks finish, then return. */
@Singleton
@Requires(bean = WorkerFactory.class)
public class TemporalWorkerShutdown implements GracefulShutdownCapable {

  private static final Logger LOG = LoggerFactory.getLogger(TemporalWorkerShutdown.class);

  private final WorkerFactory factory;

  public TemporalWorkerShutdown(WorkerFactory factory) {
    this.factory = factory;
  }

  @Override
  public CompletionStage<?> shutdownGracefully() {
    if (!factory.isStarted() || factory.isShutdown()) {
      return CompletableFuture.completedFuture(null);
    }
    LOG.info("Graceful shutdown: stopping Temporal workers");
    factory.shutdown();
    return CompletableFuture.runAsync(() -> {
      factory.awaitTermination(20, TimeUnit.SECONDS);
      LOG.info("Temporal workers stopped: {}", factory.isTerminated());
    });
  }

  @Override
  public OptionalLong reportActiveTasks() {
    return OptionalLong.empty();
  }
}
