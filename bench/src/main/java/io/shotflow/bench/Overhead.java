package io.shotflow.bench;

import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;

/**
 * {@code overhead_ratio}: the makespan of one storyboard of independent full-pipeline shots (history: execution
 * started to closed) over its critical-path lower bound, the provider jobs on its longest chain at their measured
 * latency (median of every job the emulated provider ran) plus the measured assembly (the activity's start to its
 * completion).
 */
final class Overhead {

  record Result(double ratio, int shots, double makespanSeconds, double lowerBoundSeconds, int chainJobs,
      double jobLatencySeconds, double assemblySeconds) {}

  private Overhead() {}

  static Result measure(BenchStack stack, int shots, Duration latency) throws Exception {
    BenchProvider provider = stack.provider();
    provider.reset();
    provider.latency(latency);
    BenchStack.Submitted storyboard = stack.submit(
        BenchSpecs.fullPipeline("Overhead " + shots + " shots", shots, stack.outputs().dialogue()));
    stack.completed(storyboard, latency.multipliedBy(20).plus(Duration.ofMinutes(5)));
    List<HistoryEvent> events = stack.history(storyboard.workflowId());
    double makespan = Histories.makespanSeconds(events);
    double assembly = Histories.activitySeconds(events, "Assemble");
    double jobLatency = Stats.median(provider.jobLatencies());
    double bound = BenchSpecs.FULL_PIPELINE_CHAIN * jobLatency + assembly;
    return new Result(makespan / bound, shots, makespan, bound, BenchSpecs.FULL_PIPELINE_CHAIN, jobLatency, assembly);
  }
}
