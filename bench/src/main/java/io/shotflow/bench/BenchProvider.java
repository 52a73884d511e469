package io.shotflow.bench;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.JobNotifications;
import io.shotflow.activities.provider.JobState;
import io.shotflow.activities.provider.ProviderAdapter;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;
import io.shotflow.activities.provider.local.LocalProvider;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's emulated provider, in place of {@code local}: no rendering, a fixed latency per job (a timer, then
 * a notification as a webhook would send) and the same constant-size output for every job. It records when each job
 * was submitted and when it became ready, so the benchmark uses measured job latencies, not the configured one.
 */
@Singleton
@Replaces(LocalProvider.class)
@Requires(property = "shotflow.bench.enabled", value = "true")
public class BenchProvider implements ProviderAdapter, AutoCloseable {

  /** One job: when it was submitted and when it became ready (nanoTime; 0 while running). */
  private static final class Job {
    final GenerationKind kind;
    final long submittedNanos = System.nanoTime();
    volatile long readyNanos;

    Job(GenerationKind kind) {
      this.kind = kind;
    }

    /** Marks the job ready once; true for the call that did. */
    synchronized boolean ready() {
      if (readyNanos != 0) {
        return false;
      }
      readyNanos = System.nanoTime();
      return true;
    }
  }

  private final JobNotifications notifications;
  private final BenchOutputs outputs;
  private final ConcurrentMap<String, Job> jobs = new ConcurrentHashMap<>();
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
    Thread thread = new Thread(r, "bench-provider-timer");
    thread.setDaemon(true);
    return thread;
  });
  private volatile Duration latency = Duration.ZERO;

  public BenchProvider(JobNotifications notifications, BenchOutputs outputs) {
    this.notifications = notifications;
    this.outputs = outputs;
  }

  /** The latency of jobs submitted from now on. */
  public void latency(Duration latency) {
    this.latency = latency;
  }

  @Override
  public String name() {
    return LocalProvider.NAME;
  }

  @Override
  public boolean notifies() {
    return true;
  }

  @Override
  public String submit(GenerationRequest request) {
    String jobId = "bench-" + UUID.nameUUIDFromBytes(request.idempotencyKey().getBytes(StandardCharsets.UTF_8));
    Job created = new Job(request.kind());
    Job job = jobs.putIfAbsent(jobId, created);
    if (job == null) {
      timer.schedule(() -> finish(jobId, created), latency.toNanos(), TimeUnit.NANOSECONDS);
    }
    return jobId;
  }

  @Override
  public JobState poll(ProviderJob job, GenerationRequest request) {
    Job known = jobs.get(job.jobId());
    if (known == null) {
      return new JobState.Failed(ProviderError.JOB_FAILED, "bench provider: unknown job " + job.jobId());
    }
    if (known.readyNanos == 0) {
      return new JobState.Running();
    }
    return JobState.Succeeded.file(outputs.output(known.kind), BigDecimal.ZERO,
        known.kind == GenerationKind.KEYFRAME ? "image/png" : "video/mp4");
  }

  /** Jobs submitted since the last {@link #reset()}. */
  public int jobCount() {
    return jobs.size();
  }

  /** Ends every running job now (their timers then find them done). */
  public void finishAll() {
    jobs.forEach(this::finish);
  }

  private void finish(String jobId, Job job) {
    if (job.ready()) {
      notifications.jobChanged(LocalProvider.NAME, jobId);
    }
  }

  /** Seconds from submit to ready of every job that became ready since the last {@link #reset()}. */
  public List<Double> jobLatencies() {
    List<Double> seconds = new ArrayList<>();
    for (Job job : jobs.values()) {
      if (job.readyNanos != 0) {
        seconds.add((job.readyNanos - job.submittedNanos) / 1e9);
      }
    }
    return seconds;
  }

  /** Forgets every job (between measurements). */
  public void reset() {
    jobs.clear();
  }

  @Override
  @PreDestroy
  public void close() {
    timer.shutdownNow();
  }
}
