package io.shotflow.worker;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import jakarta.inject.Singleton;

/** The worker factory on the shared Temporal client, with the workflow cache and thread pool of {@link WorkerTuning}. */
@Factory
@Requires(property = "temporal.enabled", notEquals = "false")
public class TemporalWorkerFactory {

  /** Closing the context without a graceful shutdown (tests) stops the workers at once. */
  @Singleton
  @Bean(preDestroy = "shutdownNow")
  WorkerFactory workerFactory(WorkflowClient client, WorkerTuning tuning) {
    // A cached workflow keeps its threads (a shot: its main thread and one per running keyframe); threads are pooled
    // and only the cached, blocked ones exist, so the pool is sized for the cache rather than the SDK's default 600.
    return WorkerFactory.newInstance(client, tuning.factoryOptions());
  }
}
