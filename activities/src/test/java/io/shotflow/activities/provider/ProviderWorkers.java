package io.shotflow.activities.provider;

import io.shotflow.asset.AssetStore;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.temporal.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import io.shotflow.provider.GenerationRequest;

/**
 * The real Temporal test server in real time (async completion and retries as in production) with provider workers
 * that can be started and stopped like worker processes, each with its own {@link JobWatch}.
 */
final class ProviderWorkers implements AutoCloseable {

  private static final String WORKFLOWS = "provider-calls";

  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(
      TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
  private final List<Process> started = new ArrayList<>();
  private final ProviderHttp http = new ProviderHttp();

  /** The workflows run on their own worker, which outlives the provider workers (as the orchestration worker does). */
  ProviderWorkers() {
    env.newWorker(WORKFLOWS).registerWorkflowImplementationTypes(ProviderCallWorkflow.Impl.class);
    env.start();
  }

  /** One worker process: its worker factory and its job watch. */
  record Process(WorkerFactory factory, JobWatch watch) implements AutoCloseable {
    @Override
    public void close() {
      factory.shutdownNow();
      watch.close();
    }
  }

  JobWatch watch(Duration maxWait, Map<String, Duration> pollIntervals) {
    JobWatchConfig config = new JobWatchConfig();
    config.setMaxWait(maxWait);
    return new JobWatch(env::getWorkflowClient, config, pollIntervals);
  }

  /** Starts a worker on {@code provider}'s queue running the provider activities over {@code adapters}. */
  Process start(String provider, JobWatch watch, AssetStore store, List<ProviderAdapter> adapters) {
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    factory.newWorker(TaskQueues.provider(provider))
        .registerActivitiesImplementations(new ProviderActivitiesImpl(adapters, store, watch, http));
    factory.start();
    Process process = new Process(factory, watch);
    started.add(process);
    return process;
  }

  /** Starts one provider call; {@code attemptMillis} 0 means the production await options. */
  WorkflowStub call(GenerationRequest request, long attemptMillis) {
    WorkflowClient client = env.getWorkflowClient();
    ProviderCallWorkflow workflow = client.newWorkflowStub(ProviderCallWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(WORKFLOWS)
        .setWorkflowId("call-" + UUID.randomUUID())
        .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
        .build());
    WorkflowClient.start(workflow::call, request, attemptMillis);
    return WorkflowStub.fromTyped(workflow);
  }

  static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  @Override
  public void close() {
    started.forEach(Process::close);
    env.close();
    http.close();
  }
}
