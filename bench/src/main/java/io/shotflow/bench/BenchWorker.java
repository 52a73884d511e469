package io.shotflow.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import jakarta.inject.Singleton;

/**
 * Adds a worker for the benchmark's own workflows to the stack's worker factory as it is created, before the stack
 * starts it: they share the workflow cache, thread pool and server with the storyboards and shots, and one worker for
 * both keeps the process's thread count as the measurements expect it (its pollers are the only threads it adds).
 */
@Singleton
@Requires(property = "shotflow.bench.enabled", value = "true")
public class BenchWorker implements BeanCreatedEventListener<WorkerFactory> {

  static final String TASK_QUEUE = "shotflow-bench";

  /** As many workflow-task pollers as the orchestration worker has. */
  private static final int POLLERS = 2;

  @Override
  public WorkerFactory onCreated(BeanCreatedEvent<WorkerFactory> event) {
    WorkerFactory factory = event.getBean();
    factory.newWorker(TASK_QUEUE, WorkerOptions.newBuilder()
            .setMaxConcurrentWorkflowTaskPollers(POLLERS)
            .build())
        .registerWorkflowImplementationTypes(WaitingJobsWorkflow.Impl.class, UpdateFloorWorkflow.Impl.class);
    return factory;
  }
}
