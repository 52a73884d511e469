package io.shotflow.activities.provider;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;

/** A provider the test drives: its jobs run until the test ends them; it counts polls and notifies nobody itself. */
final class ScriptedProvider implements ProviderAdapter {

  private final String name;
  private final boolean notifies;
  private final Path output;
  private final ConcurrentMap<String, JobState> jobs = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  final AtomicInteger polls = new AtomicInteger();
  /** Runs inside submit, with the new job id (to end a job before its wait starts). */
  volatile Consumer<String> onSubmit = id -> { };
  volatile String lastJob;

  ScriptedProvider(String name, boolean notifies, Path output) {
    this.name = name;
    this.notifies = notifies;
    this.output = output;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean notifies() {
    return notifies;
  }

  @Override
  public String submit(GenerationRequest request) {
    String id = name + "-" + ids.incrementAndGet();
    jobs.put(id, new JobState.Running());
    lastJob = id;
    onSubmit.accept(id);
    return id;
  }

  @Override
  public JobState poll(ProviderJob job, GenerationRequest request) {
    polls.incrementAndGet();
    return jobs.get(job.jobId());
  }

  void finish(String jobId) {
    jobs.put(jobId, JobState.Succeeded.file(output, new BigDecimal("0.25"), "image/png"));
  }

  void fail(String jobId, ProviderError error, String message) {
    jobs.put(jobId, new JobState.Failed(error, message));
  }
}
