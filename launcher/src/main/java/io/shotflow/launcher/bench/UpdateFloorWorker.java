package io.shotflow.launcher.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import jakarta.inject.Singleton;

/**
 * Adds a worker for {@link UpdateFloorWorkflow} to the stack's worker factory as it is created, before the stack
 * starts it: the floor's workflows share the workflow cache, thread pool and server with the storyboards and shots.
 */
@Singleton
@Requires(property = "shotflow.bench.enabled", value = "true")
public class UpdateFloorWorker implements BeanCreatedEventListener<WorkerFactory> {

  /** As many workflow-task pollers as the orchestration worker has. */
  private static final int POLLERS = 2;

  @Override
  public WorkerFactory onCreated(BeanCreatedEvent<WorkerFactory> event) {
    WorkerFactory factory = event.getBean();
    factory.newWorker(UpdateFloorWorkflow.TASK_QUEUE, WorkerOptions.newBuilder()
            .setMaxConcurrentWorkflowTaskPollers(POLLERS)
            .build())
        .registerWorkflowImplementationTypes(UpdateFloorWorkflow.Impl.class);
    return factory;
  }
}
