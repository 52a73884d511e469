package io.shotflow.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code waiting_jobs}: {@code jobs} provider calls started at once (a few {@link WaitingJobsWorkflow}s) on a provider
 * whose latency outlasts their submission, so they all wait together, each on a durable timer in its workflow. Once
 * the provider holds them all and the thread pools that served the submissions have settled, the whole process is
 * measured: heap in use after a full collection, and live threads (the embedded Temporal server, the API and every
 * worker included, with the workflow threads the worker keeps for cached workflows). Then the jobs end, each end
 * signals its workflow, and the workflows complete.
 */
final class WaitingJobs {

  record Result(int jobs, int peakWaiting, double heapUsedMb, int liveThreads, int peakThreads,
      double secondsToRegister, boolean completed, Map<String, Long> threadsByPool) {}

  /**
   * A shot's worth of waits per workflow (its variants at once): each wait holds a workflow thread while its workflow
   * is cached, and the worker evicts cached workflows, not threads, when it needs more. Fifty waits to a workflow ran
   * the bench worker's 2,000 workflow threads out at 5,000 jobs.
   */
  private static final int JOBS_PER_WORKFLOW = 4;
  private static final Duration SETTLE = Duration.ofSeconds(12);

  private WaitingJobs() {}

  static Result measure(BenchStack stack, int jobs, Duration latency) throws Exception {
    BenchProvider provider = stack.provider();
    provider.reset();
    provider.latency(latency);
    WorkflowClient client = stack.client();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    threads.resetPeakThreadCount();
    long started = System.nanoTime();
    List<WaitingJobsWorkflow> workflows = new ArrayList<>();
    String prefix = "waiting-" + UUID.randomUUID();
    for (int first = 0; first < jobs; first += JOBS_PER_WORKFLOW) {
      WaitingJobsWorkflow workflow = client.newWorkflowStub(WaitingJobsWorkflow.class, WorkflowOptions.newBuilder()
          .setTaskQueue(BenchWorker.TASK_QUEUE)
          .setWorkflowId(prefix + "-" + first)
          .build());
      WorkflowClient.start(workflow::run, prefix + "/" + first, Math.min(JOBS_PER_WORKFLOW, jobs - first));
      workflows.add(workflow);
    }
    long deadline = started + latency.minus(SETTLE).toNanos();
    int peak = 0;
    while (System.nanoTime() < deadline && peak < jobs) {
      peak = Math.max(peak, provider.jobCount());
      Thread.sleep(50);
    }
    double toRegister = (System.nanoTime() - started) / 1e9;
    // measured in the steady wait: the activity threads that served the submissions end after 10 s idle
    Thread.sleep(SETTLE.toMillis());
    System.gc();
    System.gc();
    double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    int live = threads.getThreadCount();
    Map<String, Long> pools = Arrays.stream(threads.dumpAllThreads(false, false))
        .collect(Collectors.groupingBy(t -> t.getThreadName().replaceAll("\\d+", "N"), TreeMap::new,
            Collectors.counting()));
    peak = Math.max(peak, provider.jobCount());
    int ended = 0;
    for (WaitingJobsWorkflow workflow : workflows) {
      ended += WorkflowStub.fromTyped(workflow).getResult(Integer.class);
    }
    return new Result(jobs, peak, heapMb, live, threads.getPeakThreadCount(), toRegister, ended == jobs, pools);
  }
}
