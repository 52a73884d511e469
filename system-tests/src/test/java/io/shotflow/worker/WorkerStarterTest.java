package io.shotflow.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.shotflow.catalog.StoryboardCatalog;
import io.shotflow.temporal.SearchAttributes;
import io.shotflow.temporal.TaskQueues;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import io.shotflow.launcher.embedded.EmbeddedTemporalServer;

/** The worker against the embedded Temporal server on a free port, with an in-memory catalog. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerStarterTest {

  private int port;
  private ApplicationContext context;

  @BeforeAll
  void start() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    context = ApplicationContext.run(Map.of(
        "shotflow.embedded-temporal.port", port,
        "datasources.default.url", "jdbc:h2:mem:worker;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        "datasources.default.driver-class-name", "org.h2.Driver",
        "datasources.default.dialect", "POSTGRES",
        "flyway.datasources.default.enabled", true,
        "shotflow.providers.kling.access-key", "ak",
        "shotflow.providers.kling.secret-key", "sk",
        "shotflow.providers.kling.max-concurrent", 3,
        "shotflow.providers.kling.max-per-second", 0.5,
        "shotflow.providers.fal.base-url", "http://127.0.0.1:9/fal"));
  }

  @AfterAll
  void stop() {
    context.close();
  }

  @Test
  void startsOneWorkerPerQueueWithProviderLimits() {
    WorkerFactory factory = context.getBean(WorkerFactory.class);
    assertTrue(factory.isStarted());
    assertNotNull(factory.getWorker(TaskQueues.ORCHESTRATION));
    assertNotNull(factory.getWorker(TaskQueues.MEDIA));
    assertNotNull(factory.getWorker(TaskQueues.provider("local")));
    // fal is configured without an api-key: no adapter, so no worker that would fail every submit
    assertThrows(IllegalArgumentException.class, () -> factory.getWorker(TaskQueues.provider("fal")));
    assertThrows(IllegalArgumentException.class, () -> factory.getWorker(TaskQueues.provider("wavespeed")));

    WorkerOptions kling = factory.getWorker(TaskQueues.provider("kling")).getWorkerOptions();
    // its limits hold in the submit ledger across workers, not in this worker's options (which would count checks)
    assertEquals(0, kling.getMaxTaskQueueActivitiesPerSecond());
    assertEquals(0, kling.getMaxWorkerActivitiesPerSecond());
    assertNotEquals(3, kling.getMaxConcurrentActivityExecutionSize());
    assertEquals(2, kling.getMaxConcurrentActivityTaskPollers());
  }

  @Test
  void reportsTemporalMetricsToMicrometer() throws InterruptedException {
    MeterRegistry registry = context.getBean(MeterRegistry.class);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (registry.getMeters().stream().noneMatch(m -> m.getId().getName().startsWith("temporal"))
        && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    assertTrue(registry.getMeters().stream().anyMatch(m -> m.getId().getName().startsWith("temporal_")),
        () -> registry.getMeters().stream().map(m -> m.getId().getName()).toList().toString());
  }

  @Test
  void temporalUpdateMetricsKeepTheTagKeysOfTheOtherRequests() {
    MeterRegistry registry = context.getBean(MeterRegistry.class);
    var counter = registry.counter("temporal_long_request", "operation", "UpdateWorkflowExecution",
        "update_name", "review", "namespace", "default");
    assertNull(counter.getId().getTag("update_name"));
    assertEquals("UpdateWorkflowExecution", counter.getId().getTag("operation"));
  }

  @Test
  void registersSearchAttributesOnTheEmbeddedServer() {
    WorkflowClient client = context.getBean(WorkflowClient.class);
    WorkflowStub stub = client.newUntypedWorkflowStub("SearchAttributeProbe", WorkflowOptions.newBuilder()
        .setWorkflowId("sa-probe")
        .setTaskQueue("sa-probe-queue")
        .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
            .set(SearchAttributes.STORYBOARD_ID, "sb-1")
            .set(SearchAttributes.SHOT_ID, "reveal")
            .set(SearchAttributes.STAGE, "clip")
            .set(SearchAttributes.AWAITING_REVIEW, true)
            .set(SearchAttributes.PROVIDER, "local")
            .set(SearchAttributes.SPEND_USD, 1.5)
            .build())
        .build());
    stub.start();
    try {
      var attributes = stub.describe().getTypedSearchAttributes();
      assertEquals("sb-1", attributes.get(SearchAttributes.STORYBOARD_ID));
      assertEquals(true, attributes.get(SearchAttributes.AWAITING_REVIEW));
      assertEquals(1.5, attributes.get(SearchAttributes.SPEND_USD));
    } finally {
      stub.terminate("probe done");
    }
  }

  @Test
  void orchestrationWorkerRunsTheCatalogActivities() {
    WorkflowClient client = context.getBean(WorkflowClient.class);
    WorkerFactory probeFactory = WorkerFactory.newInstance(client);
    probeFactory.newWorker("catalog-probe").registerWorkflowImplementationTypes(CatalogProbeWorkflow.Impl.class);
    probeFactory.start();
    try {
      CatalogProbeWorkflow probe = client.newWorkflowStub(CatalogProbeWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue("catalog-probe").setWorkflowId("catalog-probe-1").build());
      probe.record("sb-probe");
      var entry = context.getBean(StoryboardCatalog.class).entry("sb-probe").orElseThrow();
      assertEquals("clip", entry.shots().get(0).stage());
      assertEquals(0, new BigDecimal("0.25").compareTo(entry.shots().get(0).spendUsd()));
    } finally {
      probeFactory.shutdownNow();
    }
  }

  @Test
  void connectsToAnExternalServerWhenTemporalAddressIsSet() {
    try (ApplicationContext apiOnly = ApplicationContext.run(Map.of(
        "temporal.address", "127.0.0.1:" + port,
        "shotflow.worker.enabled", false,
        "datasources.default.url", "jdbc:h2:mem:worker2;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        "datasources.default.driver-class-name", "org.h2.Driver",
        "datasources.default.dialect", "POSTGRES"))) {
      assertFalse(apiOnly.containsBean(EmbeddedTemporalServer.class));
      assertFalse(apiOnly.getBean(WorkerFactory.class).isStarted());
      WorkflowClient client = apiOnly.getBean(WorkflowClient.class);
      WorkflowStub stub = client.newUntypedWorkflowStub("Probe",
          WorkflowOptions.newBuilder().setWorkflowId("external-probe").setTaskQueue("nowhere").build());
      stub.start();
      var shared = context.getBean(WorkflowClient.class).newUntypedWorkflowStub("external-probe");
      assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING, shared.describe().getStatus());
      stub.terminate("probe done");
    }
  }
}
