package io.shotflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code shots_per_second}: {@code storyboards} full-pipeline storyboards submitted together through the API with a
 * zero-latency provider and stubbed media; shots done over the wall time from the first submit to the last completion.
 */
final class Throughput {

  record Result(double shotsPerSecond, int storyboards, int shotsEach, double seconds) {}

  private Throughput() {}

  static Result measure(BenchStack stack, int storyboards, int shotsEach) throws Exception {
    BenchProvider provider = stack.provider();
    provider.reset();
    provider.latency(Duration.ZERO);
    long started = System.nanoTime();
    List<BenchStack.Submitted> submitted = new ArrayList<>();
    for (int i = 1; i <= storyboards; i++) {
      submitted.add(stack.submit(BenchSpecs.fullPipeline("Throughput " + i, shotsEach, stack.outputs().dialogue())));
    }
    for (BenchStack.Submitted s : submitted) {
      stack.completed(s, Duration.ofMinutes(15));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Result(storyboards * shotsEach / seconds, storyboards, shotsEach, seconds);
  }
}
