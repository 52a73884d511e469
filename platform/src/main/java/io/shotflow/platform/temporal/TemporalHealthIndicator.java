package io.shotflow.platform.temporal;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;

/** {@code /health} shows whether the Temporal frontend answers (a cheap GetSystemInfo call). */
@Singleton
@Requires(beans = WorkflowServiceStubs.class)
public class TemporalHealthIndicator implements HealthIndicator {

  private final WorkflowServiceStubs service;

  public TemporalHealthIndicator(WorkflowServiceStubs service) {
    this.service = service;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    return Publishers.fromCompletableFuture(() -> CompletableFuture.supplyAsync(this::check));
  }

  private HealthResult check() {
    HealthResult.Builder result = HealthResult.builder("temporal");
    try {
      service.blockingStub().withDeadlineAfter(3, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return result.status(HealthStatus.UP).details(Map.of("target", target())).build();
    } catch (RuntimeException e) {
      return result.status(HealthStatus.DOWN).details(Map.of("target", target(), "error", e.toString())).build();
    }
  }

  private String target() {
    String target = service.getOptions().getTarget();
    return target == null ? "in-process" : target;
  }
}
