package io.shotflow.worker;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import com.uber.m3.tally.RootScopeBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal client beans: service stubs to {@code temporal.address} or, when unset, to the embedded server
 * (which is started first because it is injected here); the client; the worker factory.
 */
@Factory
@Requires(property = "temporal.enabled", notEquals = "false")
public class TemporalFactory {

  private static final Logger LOG = LoggerFactory.getLogger(TemporalFactory.class);
  private static final int METRICS_INTERVAL_SECONDS = 5;

  @Singleton
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs serviceStubs(@Nullable @Value("${temporal.address}") String address,
      @Nullable EmbeddedTemporalServer embedded, @Nullable MeterRegistry meterRegistry) {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder()
        // a status page must not hang on a worker that is down: queries give up after a few seconds
        .setRpcQueryTimeout(Duration.ofSeconds(5));
    if (address != null && !address.isBlank()) {
      LOG.info("Connecting to Temporal at {}", address);
      options.setTarget(address);
    } else {
      LOG.info("Connecting to the embedded Temporal server in-process (others connect at {})", embedded.target());
      options.setChannel(embedded.channel());
    }
    if (meterRegistry != null) {
      // SDK and worker metrics (task slots, schedule-to-start latency, poll results) next to the app's own
      options.setMetricsScope(new RootScopeBuilder()
          .reporter(new MicrometerClientStatsReporter(meterRegistry))
          .reportEvery(com.uber.m3.util.Duration.ofSeconds(METRICS_INTERVAL_SECONDS)));
    }
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  @Singleton
  WorkflowClient workflowClient(WorkflowServiceStubs service,
      @Value("${temporal.namespace:default}") String namespace) {
    SearchAttributeRegistrar.register(service, namespace);
    return WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  /** Closing the context without a graceful shutdown (tests) stops the workers at once. */
  @Singleton
  @Bean(preDestroy = "shutdownNow")
  WorkerFactory workerFactory(WorkflowClient client,
      @Value("${shotflow.worker.workflow-cache-size:600}") int cacheSize,
      @Value("${shotflow.worker.max-workflow-threads:2000}") int maxThreads) {
    // A cached workflow keeps its threads (a shot: its main thread and one per running keyframe), so the SDK's
    // default of 600 threads ran out at about 300 concurrent shots; then every thread start failed, evicting and
    // replaying workflows. Threads are pooled and only the cached, blocked ones exist.
    return WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
        .setWorkflowCacheSize(cacheSize)
        .setMaxWorkflowThreadCount(maxThreads)
        .build());
  }
}
