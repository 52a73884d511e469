package io.shotflow.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code shotflow.worker.*} bound once into the factory's and every queue's options, with the documented defaults. */
class WorkerTuningTest {

  @Test
  void defaults() {
    WorkerTuning tuning = new WorkerTuning();
    WorkerOptions options = tuning.workerOptions().build();
    assertEquals(200, options.getMaxConcurrentWorkflowTaskExecutionSize());
    assertEquals(200, options.getMaxConcurrentActivityExecutionSize());
    assertEquals(2, options.getMaxConcurrentWorkflowTaskPollers());
    assertEquals(2, options.getMaxConcurrentActivityTaskPollers());
    assertFalse(options.isUsingVirtualThreadsOnActivityWorker());
    WorkerFactoryOptions factory = tuning.factoryOptions();
    assertEquals(600, factory.getWorkflowCacheSize());
    assertEquals(2000, factory.getMaxWorkflowThreadCount());
    assertFalse(factory.isUsingVirtualWorkflowThreads());
  }

  @Test
  void everyKeyReachesTheOptions() {
    try (ApplicationContext context = ApplicationContext.run(Map.of(
        "shotflow.worker.workflow-task-slots", "50",
        "shotflow.worker.activity-task-slots", "20",
        "shotflow.worker.workflow-pollers", "4",
        "shotflow.worker.activity-pollers", "3",
        "shotflow.worker.workflow-cache-size", "100",
        "shotflow.worker.max-workflow-threads", "300",
        "shotflow.worker.sticky-queue-timeout", "2s",
        "temporal.enabled", "false"))) {
      WorkerTuning tuning = context.getBean(WorkerTuning.class);
      WorkerOptions options = tuning.workerOptions().build();
      assertEquals(50, options.getMaxConcurrentWorkflowTaskExecutionSize());
      assertEquals(20, options.getMaxConcurrentActivityExecutionSize());
      assertEquals(4, options.getMaxConcurrentWorkflowTaskPollers());
      assertEquals(3, options.getMaxConcurrentActivityTaskPollers());
      assertEquals(100, tuning.factoryOptions().getWorkflowCacheSize());
      assertEquals(300, tuning.factoryOptions().getMaxWorkflowThreadCount());
      assertEquals(Duration.ofSeconds(2), tuning.getStickyQueueTimeout());
    }
  }

  @Test
  void badValuesFailNamingTheKey() {
    WorkerTuning zero = new WorkerTuning();
    zero.setActivityPollers(0);
    ConfigurationException e = assertThrows(ConfigurationException.class, zero::workerOptions);
    assertEquals("shotflow.worker.activity-pollers must be at least 1, not 0", e.getMessage());

    WorkerTuning virtual = new WorkerTuning();
    virtual.setVirtualThreads(true);
    if (Runtime.version().feature() < 21) {
      ConfigurationException old = assertThrows(ConfigurationException.class, virtual::factoryOptions);
      assertTrue(old.getMessage().startsWith("shotflow.worker.virtual-threads needs JDK 21"), old.getMessage());
    } else {
      assertTrue(virtual.factoryOptions().isUsingVirtualWorkflowThreads());
      assertTrue(virtual.workerOptions().build().isUsingVirtualThreadsOnActivityWorker());
    }
  }
}
