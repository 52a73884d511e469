package io.shotflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code api_p99_ratio}: the API's p99 over the p99 of a bare Temporal update measured alongside, so that the figure
 * says what the API adds to Temporal rather than how busy the machine's neighbours were. That holds while the process
 * gets the CPU the API needs at the rate: a request costs several bare updates' CPU, so on a machine too busy for that
 * the API's queue grows and its p99 with it, while the floor's hardly moves.
 *
 * <p>Each round has three phases at the same rate. {@code requests} submits ({@code POST /api/storyboards}) on
 * loopback with the JDK HttpClient; as many reviews ({@code POST .../reviews}, approving the keyframe each storyboard
 * waits on); and as many bare updates ({@link UpdateFloor}) through the WorkflowClient to trivial workflows on the
 * same server and worker factory, which answer at once. Open loop: each latency counts from when the request was due,
 * so a slow answer cannot hide the ones queued behind it. Provider jobs take minutes here, as real ones do, so what a
 * request sets off (a storyboard starting and submitting its keyframe, a shot submitting its clip) runs during the
 * measurement and what would follow the job does not; between the first two phases the keyframes are ended so that
 * every storyboard waits for its review. Several measured rounds are pooled: the p99 of one round of 300 is its
 * third-worst answer, and where a GC pause happened to fall moved it by tens of milliseconds from one run to the next.
 */
final class ApiLatency {

  /**
   * Latencies over every measured round, each round's p99, and the process CPU each phase used per request (the
   * request and what it set off before the phase's last answer): how far 2 cores are from saturation at the rate.
   * {@code floor} is the bare update.
   */
  record Result(double submitP99Ms, double reviewP99Ms, double floorP99Ms, double submitP50Ms, double reviewP50Ms,
      double floorP50Ms, int requests, int rounds, double perSecond, List<Double> submitP99MsByRound,
      List<Double> reviewP99MsByRound, List<Double> floorP99MsByRound, double submitCpuMsPerRequest,
      double reviewCpuMsPerRequest, double floorCpuMsPerRequest, Map<String, Double> submitCpuMsByPool,
      Map<String, Double> reviewCpuMsByPool, Map<String, Double> floorCpuMsByPool) {

    /** The slower of the API's two p99s over the bare update's. */
    double ratio() {
      return Math.max(submitP99Ms, reviewP99Ms) / floorP99Ms;
    }
  }

  /** One phase of one round: its latencies, and its CPU per request in all and by pool. */
  private record Phase(List<Double> millis, double cpuMsPerRequest, Map<String, Double> cpuMsByPool) {}

  /** The phases of one round. */
  private record Round(Phase submit, Phase review, Phase floor) {}

  /** A request to send at its due time, and the status it must get. */
  private record Call(HttpRequest request, int expected) {}

  /** Sends one phase's requests; their latencies in milliseconds. */
  @FunctionalInterface
  private interface Requests {
    List<Double> send() throws Exception;
  }

  private static final Duration PROVIDER_LATENCY = Duration.ofMinutes(10);
  private static final OperatingSystemMXBean CPU =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private ApiLatency() {}

  /** One unmeasured round first, at the same rate: the code paths compiled, as in a running service. */
  static Result measure(BenchStack stack, int requests, double perSecond, int rounds) throws Exception {
    try (UpdateFloor floor = new UpdateFloor(stack.client())) {
      round(stack, floor, requests, perSecond, "API warm-up ");
      List<Round> measured = new ArrayList<>();
      for (int i = 1; i <= rounds; i++) {
        measured.add(round(stack, floor, requests, perSecond, "API latency " + i + " "));
      }
      List<Phase> submits = measured.stream().map(Round::submit).toList();
      List<Phase> reviews = measured.stream().map(Round::review).toList();
      List<Phase> floors = measured.stream().map(Round::floor).toList();
      List<Double> submitMillis = pooled(submits);
      List<Double> reviewMillis = pooled(reviews);
      List<Double> floorMillis = pooled(floors);
      return new Result(Stats.percentile(submitMillis, 99), Stats.percentile(reviewMillis, 99),
          Stats.percentile(floorMillis, 99), Stats.median(submitMillis), Stats.median(reviewMillis),
          Stats.median(floorMillis), requests, rounds, perSecond, p99ByRound(submits), p99ByRound(reviews),
          p99ByRound(floors), meanCpu(submits), meanCpu(reviews), meanCpu(floors), meanPools(submits),
          meanPools(reviews), meanPools(floors));
    }
  }

  private static Round round(BenchStack stack, UpdateFloor floor, int requests, double perSecond, String title)
      throws Exception {
    BenchProvider provider = stack.provider();
    provider.reset();
    provider.latency(PROVIDER_LATENCY);
    List<Call> submits = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      submits.add(new Call(stack.submitRequest(BenchSpecs.keyframeReview(title + i)), 201));
    }
    List<HttpResponse<String>> created = new ArrayList<>();
    Phase submit = phase(requests, () -> run(stack, submits, perSecond, created));

    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (provider.jobCount() < requests) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + provider.jobCount() + " of " + requests + " keyframes were submitted");
      }
      Thread.sleep(50);
    }
    provider.finishAll();
    List<Call> reviews = new ArrayList<>();
    for (HttpResponse<String> response : created) {
      String id = BenchStack.JSON.readTree(response.body()).path("id").asText();
      JsonNode pending = stack.status(id).path("pending_reviews");
      while (pending.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("storyboard " + id + " never reached its keyframe review");
        }
        Thread.sleep(50);
        pending = stack.status(id).path("pending_reviews");
      }
      JsonNode review = pending.get(0);
      reviews.add(new Call(stack.reviewRequest(id, review.path("subject").asText(),
          review.path("takes").get(0).asText()), 200));
    }
    Phase review = phase(requests, () -> run(stack, reviews, perSecond, new ArrayList<>()));

    List<UpdateFloorWorkflow> idle = floor.start("update-floor-" + UUID.randomUUID() + "-", requests);
    Phase updates = phase(requests, () -> floor.updates(idle, perSecond));
    floor.finish(idle);
    return new Round(submit, review, updates);
  }

  /** Sends a phase's requests, measuring the process's CPU and each pool's while they are sent and answered. */
  private static Phase phase(int requests, Requests send) throws Exception {
    long cpu = CPU.getProcessCpuTime();
    ThreadCpu threads = ThreadCpu.now();
    List<Double> millis = send.send();
    double cpuPerRequest = (CPU.getProcessCpuTime() - cpu) / 1e6 / requests;
    return new Phase(millis, cpuPerRequest, ThreadCpu.now().since(threads, requests, 12));
  }

  private static List<Double> pooled(List<Phase> phases) {
    return phases.stream().flatMap(p -> p.millis().stream()).toList();
  }

  private static List<Double> p99ByRound(List<Phase> phases) {
    return phases.stream().map(p -> Math.round(Stats.percentile(p.millis(), 99) * 10) / 10.0).toList();
  }

  private static double meanCpu(List<Phase> phases) {
    return phases.stream().mapToDouble(Phase::cpuMsPerRequest).average().orElseThrow();
  }

  /** Each pool's CPU per request averaged over the rounds, largest first. */
  private static Map<String, Double> meanPools(List<Phase> phases) {
    Map<String, Double> sum = new HashMap<>();
    phases.forEach(p -> p.cpuMsByPool().forEach((pool, ms) -> sum.merge(pool, ms / phases.size(), Double::sum)));
    Map<String, Double> mean = new LinkedHashMap<>();
    sum.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> mean.put(e.getKey(), Math.round(e.getValue() * 100) / 100.0));
    return mean;
  }

  /** Sends every call at its due time; the latencies in milliseconds, and the responses in order. */
  private static List<Double> run(BenchStack stack, List<Call> calls, double perSecond,
      List<HttpResponse<String>> responses) throws Exception {
    List<OpenLoop.Timed<HttpResponse<String>>> answers = OpenLoop.run(calls.size(), perSecond,
        i -> stack.http().sendAsync(calls.get(i).request(), HttpResponse.BodyHandlers.ofString()));
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      HttpResponse<String> response = answers.get(i).answer();
      Call call = calls.get(i);
      if (response.statusCode() != call.expected()) {
        throw new IllegalStateException(call.request().method() + " " + call.request().uri().getPath()
            + " answered " + response.statusCode() + ": " + response.body());
      }
      millis.add(answers.get(i).millis());
      responses.add(response);
    }
    return millis;
  }
}
