package io.shotflow.launcher.bench;

import io.shotflow.provider.JobWatch;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.worker.WorkerFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code waiting_jobs}: {@code jobs} provider calls started at once (a few {@link WaitingJobsWorkflow}s) on a provider
 * whose latency outlasts their submission, so they all wait together on the one provider worker. Once the job watch
 * holds them all, the whole process is measured: heap in use after a full collection, and live threads (the embedded
 * Temporal server, the API and every worker included). Then the jobs end and the workflows complete.
 */
final class WaitingJobs {

  record Result(int jobs, int peakWaiting, double heapUsedMb, int liveThreads, int peakThreads,
      double secondsToRegister, boolean completed) {}

  private static final int JOBS_PER_WORKFLOW = 500;

  private WaitingJobs() {}

  static Result measure(BenchStack stack, int jobs, Duration latency) throws Exception {
    BenchProvider provider = stack.provider();
    provider.reset();
    provider.latency(latency);
    JobWatch watch = stack.watch();
    WorkflowClient client = stack.client();
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory.newWorker(WaitingJobsWorkflow.TASK_QUEUE)
        .registerWorkflowImplementationTypes(WaitingJobsWorkflow.Impl.class);
    factory.start();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try {
      threads.resetPeakThreadCount();
      long started = System.nanoTime();
      List<WaitingJobsWorkflow> workflows = new ArrayList<>();
      String prefix = "waiting-" + UUID.randomUUID();
      for (int first = 0; first < jobs; first += JOBS_PER_WORKFLOW) {
        WaitingJobsWorkflow workflow = client.newWorkflowStub(WaitingJobsWorkflow.class, WorkflowOptions.newBuilder()
            .setTaskQueue(WaitingJobsWorkflow.TASK_QUEUE)
            .setWorkflowId(prefix + "-" + first)
            .build());
        WorkflowClient.start(workflow::run, prefix + "/" + first, Math.min(JOBS_PER_WORKFLOW, jobs - first));
        workflows.add(workflow);
      }
      long deadline = started + latency.toNanos();
      int peak = 0;
      while (System.nanoTime() < deadline && peak < jobs) {
        peak = Math.max(peak, watch.waiting());
        Thread.sleep(50);
      }
      double toRegister = (System.nanoTime() - started) / 1e9;
      System.gc();
      System.gc();
      double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
      int live = threads.getThreadCount();
      peak = Math.max(peak, watch.waiting());
      int ended = 0;
      for (WaitingJobsWorkflow workflow : workflows) {
        ended += WorkflowStub.fromTyped(workflow).getResult(Integer.class);
      }
      return new Result(jobs, peak, heapMb, live, threads.getPeakThreadCount(), toRegister, ended == jobs);
    } finally {
      factory.shutdownNow();
    }
  }
}
