package io.shotflow.bench.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotflow.emulator.common.EmulatorTraffic.Event;
import io.shotflow.emulator.common.EmulatorTraffic.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * {@code wake_latency_ms}: for each provider job, from the emulator posting the job's final webhook to the API process
 * (the API has it within a millisecond on loopback) to the first request of a worker process about that job after it
 * (the status check or the output download of the woken wait). Both ends are seen by the emulator in this JVM, on one
 * clock. Jobs whose final webhook the API did not answer 2xx are left out, and counted. Queries per job show whether
 * the webhook did the waking (about 1) or polls did.
 */
public final class WakeLatency {

  /** The measured figures; latencies in milliseconds. */
  public record Result(int storyboards, int jobs, int jobsWithoutWebhook, double p50Ms, double p99Ms, double maxMs,
      double queriesPerJob, double storyboardSecondsMax) {}

  private WakeLatency() {}

  /** Runs {@code storyboards} Kling storyboards of {@code shots} shots one after another and measures their jobs. */
  public static Result measure(ProductionTopology topology, TrafficLog log, int storyboards, int shots,
      Duration timeout) throws Exception {
    long since = System.currentTimeMillis();
    double slowest = 0;
    for (int i = 0; i < storyboards; i++) {
      long started = System.nanoTime();
      String id = topology.api().submit(TopologyStoryboards.kling("wake-" + (i + 1), shots, 0, false));
      JsonNode status = TopologyStoryboards.awaitEnd(topology.api(), id, timeout, true);
      if (!"completed".equals(status.path("state").asText())) {
        throw new IllegalStateException("storyboard " + id + " ended " + status.path("state") + ": " + status);
      }
      slowest = Math.max(slowest, (System.nanoTime() - started) / 1e9);
    }
    return of(log.events(), since, storyboards, slowest);
  }

  /** The figures for every job finished at or after {@code sinceMillis} in {@code events}. */
  static Result of(List<Event> events, long sinceMillis, int storyboards, double storyboardSecondsMax) {
    List<Double> latencies = new ArrayList<>();
    int withoutWebhook = 0;
    int jobs = 0;
    Map<String, Integer> queries = new java.util.HashMap<>();
    for (Event e : events) {
      if (e.kind() == Kind.QUERY && e.atMillis() >= sinceMillis) {
        queries.merge(e.jobId(), 1, Integer::sum);
      }
    }
    for (Event finished : events) {
      if (finished.kind() != Kind.FINISHED || finished.atMillis() < sinceMillis) {
        continue;
      }
      jobs++;
      boolean delivered = events.stream().anyMatch(e -> e.kind() == Kind.WEBHOOK_ANSWERED
          && e.jobId().equals(finished.jobId()) && e.detail().equals(finished.detail()) && e.status() / 100 == 2);
      Event woken = events.stream().filter(e -> e.atMillis() >= finished.atMillis()
          && TrafficLog.workerActsOn(finished.jobId()).test(e)).findFirst().orElse(null);
      if (!delivered || woken == null) {
        withoutWebhook++;
        continue;
      }
      latencies.add((double) (woken.atMillis() - finished.atMillis()));
    }
    if (latencies.isEmpty()) {
      throw new IllegalStateException("no job was woken by a delivered webhook (" + jobs + " jobs)");
    }
    Collections.sort(latencies);
    double queriesPerJob = jobs == 0 ? 0 : queries.values().stream().mapToInt(Integer::intValue).sum() / (double) jobs;
    return new Result(storyboards, jobs, withoutWebhook, percentile(latencies, 0.50), percentile(latencies, 0.99),
        latencies.get(latencies.size() - 1), queriesPerJob, storyboardSecondsMax);
  }

  /** Nearest-rank percentile. */
  static double percentile(List<Double> sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
