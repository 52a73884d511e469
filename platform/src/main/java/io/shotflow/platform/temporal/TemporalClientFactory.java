package io.shotflow.platform.temporal;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import com.uber.m3.tally.RootScopeBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.shotflow.platform.temporal.codec.EncryptedPayloadCodec;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal client beans, shared by the worker and the API: service stubs to {@code temporal.address} (with the TLS and
 * credentials of {@link TemporalSettings}) or, when unset,
 * to the Temporal server embedded in this process (started first because it is injected here); the client, whose
 * data converter encrypts every payload ({@link EncryptedPayloadCodec}). Workers are built on this client and inherit
 * its converter, so everything this process writes to a history is encrypted.
 */
@Factory
@Requires(property = "temporal.enabled", notEquals = "false")
public class TemporalClientFactory {

  private static final Logger LOG = LoggerFactory.getLogger(TemporalClientFactory.class);
  private static final int METRICS_INTERVAL_SECONDS = 5;

  @Singleton
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs serviceStubs(TemporalSettings settings, @Nullable InProcessTemporal embedded,
      @Nullable MeterRegistry meterRegistry) {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder()
        // a status page must not hang on a worker that is down: queries give up after a few seconds
        .setRpcQueryTimeout(Duration.ofSeconds(5));
    if (settings.hasAddress()) {
      LOG.info("Connecting to Temporal at {}", TemporalConnection.describe(settings));
      TemporalConnection.configure(settings, options);
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
  WorkflowClient workflowClient(WorkflowServiceStubs service, TemporalSettings settings, EncryptedPayloadCodec codec) {
    String namespace = settings.getNamespace();
    SearchAttributeRegistrar.register(service, namespace);
    return WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
        .setNamespace(namespace)
        // failure messages and stack traces are encrypted too: they can quote a prompt or a provider's answer
        .setDataConverter(new CodecDataConverter(DefaultDataConverter.STANDARD_INSTANCE, List.of(codec), true))
        .build());
  }
}
