package io.shotflow.worker;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/**
 * {@code shotflow.worker.*}: how much one worker process takes on, bound once. The defaults suit one process on a
 * small machine and a real cluster alike; scale out with more worker processes rather than bigger numbers.
 *
 * <ul>
 *   <li>{@code workflow-task-slots} (200, the SDK's default): workflow tasks run at once. A task is a few
 *       milliseconds of deterministic code, so this rarely binds.
 *   <li>{@code activity-task-slots} (200, the SDK's default): activities at once on the orchestration and media
 *       queues. A provider's queue takes {@code shotflow.providers.<name>.max-concurrent} instead when that is set.
 *   <li>{@code workflow-pollers} / {@code activity-pollers} (2 each, the SDK has 5): long polls held open per queue.
 *       Each holds a thread here and one in the server; two keep a queue's slots full at hundreds of tasks a second
 *       (docs/performance.md), and a process has a dozen queues.
 *   <li>{@code workflow-cache-size} (600, the SDK's): the sticky cache, workflows kept in memory between tasks so
 *       their histories are not replayed; {@code max-workflow-threads} (2000, the SDK has 600): the pool their
 *       threads come from (a cached shot keeps a thread per running keyframe).
 *   <li>{@code sticky-queue-timeout} (unset: see {@link WorkerStarter}).
 *   <li>{@code virtual-threads} (false): workflow and activity threads become virtual threads (JDK 21 or later;
 *       refused on older JDKs); the thread pool limit no longer applies. Off by default: the project runs on JDK 17
 *       and the bench's figures are for platform threads.
 * </ul>
 */
@ConfigurationProperties("shotflow.worker")
public class WorkerTuning {

  private int workflowTaskSlots = 200;
  private int activityTaskSlots = 200;
  private int workflowPollers = 2;
  private int activityPollers = 2;
  private int workflowCacheSize = 600;
  private int maxWorkflowThreads = 2000;
  private Duration stickyQueueTimeout;
  private boolean virtualThreads;

  /** The factory's options: cache, thread pool, virtual workflow threads. */
  WorkerFactoryOptions factoryOptions() {
    checkVirtualThreads();
    return WorkerFactoryOptions.newBuilder()
        .setWorkflowCacheSize(positive("workflow-cache-size", workflowCacheSize))
        .setMaxWorkflowThreadCount(positive("max-workflow-threads", maxWorkflowThreads))
        .setUsingVirtualWorkflowThreads(virtualThreads)
        .build();
  }

  /** One queue's worker options: slots, pollers, virtual threads; the caller adds per-queue limits. */
  WorkerOptions.Builder workerOptions() {
    checkVirtualThreads();
    return WorkerOptions.newBuilder()
        .setMaxConcurrentWorkflowTaskExecutionSize(positive("workflow-task-slots", workflowTaskSlots))
        .setMaxConcurrentActivityExecutionSize(positive("activity-task-slots", activityTaskSlots))
        .setMaxConcurrentWorkflowTaskPollers(positive("workflow-pollers", workflowPollers))
        .setMaxConcurrentActivityTaskPollers(positive("activity-pollers", activityPollers))
        .setUsingVirtualThreads(virtualThreads);
  }

  private void checkVirtualThreads() {
    if (virtualThreads && Runtime.version().feature() < 21) {
      throw new ConfigurationException("shotflow.worker.virtual-threads needs JDK 21 or later; this is JDK "
          + Runtime.version().feature());
    }
  }

  private static int positive(String key, int value) {
    return atLeast(key, value, 1);
  }

  private static int atLeast(String key, int value, int min) {
    if (value < min) {
      throw new ConfigurationException("shotflow.worker." + key + " must be at least " + min + ", not " + value);
    }
    return value;
  }

  public int getWorkflowTaskSlots() {
    return workflowTaskSlots;
  }

  public void setWorkflowTaskSlots(int workflowTaskSlots) {
    this.workflowTaskSlots = workflowTaskSlots;
  }

  public int getActivityTaskSlots() {
    return activityTaskSlots;
  }

  public void setActivityTaskSlots(int activityTaskSlots) {
    this.activityTaskSlots = activityTaskSlots;
  }

  public int getWorkflowPollers() {
    return workflowPollers;
  }

  public void setWorkflowPollers(int workflowPollers) {
    this.workflowPollers = workflowPollers;
  }

  public int getActivityPollers() {
    return activityPollers;
  }

  public void setActivityPollers(int activityPollers) {
    this.activityPollers = activityPollers;
  }

  public int getWorkflowCacheSize() {
    return workflowCacheSize;
  }

  public void setWorkflowCacheSize(int workflowCacheSize) {
    this.workflowCacheSize = workflowCacheSize;
  }

  public int getMaxWorkflowThreads() {
    return maxWorkflowThreads;
  }

  public void setMaxWorkflowThreads(int maxWorkflowThreads) {
    this.maxWorkflowThreads = maxWorkflowThreads;
  }

  @Nullable
  public Duration getStickyQueueTimeout() {
    return stickyQueueTimeout;
  }

  public void setStickyQueueTimeout(@Nullable Duration stickyQueueTimeout) {
    this.stickyQueueTimeout = stickyQueueTimeout;
  }

  public boolean isVirtualThreads() {
    return virtualThreads;
  }

  public void setVirtualThreads(boolean virtualThreads) {
    this.virtualThreads = virtualThreads;
  }
}
