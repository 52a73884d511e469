package io.shotflow.activities.provider;

import io.shotflow.asset.AssetStore;
import io.shotflow.catalog.SubmissionLedger;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.platform.wait.SignalingJobNotifications;
import io.shotflow.provider.JobNotifications;
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
 * The real Temporal test server in real time (timers, heartbeats and retries as in production) with provider workers
 * that can be started and stopped like worker processes. They share one submit ledger, as worker processes share the
 * catalog, and notifications signal the waiting workflow as the API's webhooks do.
 */
final class ProviderWorkers implements AutoCloseable {

  private static final String WORKFLOWS = "provider-calls";

  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(
      TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
  final MemorySubmissionLedger ledger = new MemorySubmissionLedger();
  final JobNotifications notifications = new SignalingJobNotifications(ledger, (java.util.function.Supplier<WorkflowClient>) env::getWorkflowClient);
  private final List<WorkerFactory> started = new ArrayList<>();
  private final ProviderHttp http = new ProviderHttp();

  /** The workflows run on their own worker, which outlives the provider workers (as the orchestration worker does). */
  ProviderWorkers() {
    env.newWorker(WORKFLOWS).registerWorkflowImplementationTypes(ProviderCallWorkflow.Impl.class);
    env.start();
  }

  /**
   * Starts a worker on {@code provider}'s queue running the provider activities over {@code adapters}, each provider
   * checked every {@code pollIntervals} entry (unset: the defaults). Closing it is the worker process dying.
   */
  WorkerFactory start(String provider, AssetStore store, List<ProviderAdapter> adapters,
      Map<String, Duration> pollIntervals) {
    return start(provider, store, adapters, pollIntervals, name -> SubmissionLedger.Limits.NONE);
  }

  /** {@link #start(String, AssetStore, List, Map)} with each provider's limits, held in the shared ledger. */
  WorkerFactory start(String provider, AssetStore store, List<ProviderAdapter> adapters,
      Map<String, Duration> pollIntervals, java.util.function.Function<String, SubmissionLedger.Limits> limits) {
    WorkerFactory factory = WorkerFactory.newInstance(env.getWorkflowClient());
    JobChecks checks = new JobChecks(name -> {
      ProviderSettings settings = new ProviderSettings(name);
      settings.setPollInterval(pollIntervals.get(name));
      return settings;
    }, System::currentTimeMillis);
    factory.newWorker(TaskQueues.provider(provider)).registerActivitiesImplementations(
        new ProviderActivitiesImpl(adapters, store, ledger, checks, new OutputDownloader(http), limits));
    factory.start();
    started.add(factory);
    return factory;
  }

  /** Starts one provider call. */
  WorkflowStub call(GenerationRequest request) {
    WorkflowClient client = env.getWorkflowClient();
    ProviderCallWorkflow workflow = client.newWorkflowStub(ProviderCallWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(WORKFLOWS)
        .setWorkflowId("call-" + UUID.randomUUID())
        .setWorkflowExecutionTimeout(Duration.ofMinutes(2))
        .build());
    WorkflowClient.start(workflow::call, request);
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
    started.forEach(WorkerFactory::shutdownNow);
    env.close();
    http.close();
  }
}
