package io.shotflow.bench.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotflow.emulator.common.EmulatorTraffic.Event;
import io.shotflow.emulator.common.EmulatorTraffic.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code recovery_seconds}: a worker process is SIGKILLed while a shot waits on a provider job (the submit answered and
 * recorded, the job still running), a new worker process is started at once, and the clock runs from the kill until a
 * worker acts on that job again (its status check or its output download): the wait has resumed.
 */
public final class WaitRecovery {

  /**
   * One kill: which processes, when, how long until the wait resumed (null when it did not within the limit), and how
   * long after the kill the provider finished the job (the wait cannot resume before that, unless it polls).
   */
  public record Kill(String killed, long killedAtMillis, Double resumedAfterSeconds, Double jobFinishedAfterSeconds,
      String jobId) {}

  /** Every kill, and the slowest and median recovery among those that resumed. */
  public record Result(List<Kill> kills, double maxSeconds, double medianSeconds, int notResumed) {}

  private WaitRecovery() {}

  /** {@code kills} times: a one-shot storyboard, a kill of the worker that has its wait, the storyboard completes. */
  public static Result measure(ProductionTopology topology, TrafficLog log, int kills, Duration limit)
      throws Exception {
    List<Kill> done = new ArrayList<>();
    for (int i = 0; i < kills; i++) {
      long since = System.currentTimeMillis();
      String marker = "recovery-" + (i + 1);
      String id = topology.api().submit(TopologyStoryboards.kling(marker, 1, 0, false));
      Kill kill = killMidWait(topology, log, id, marker, 1, since, false, limit);
      done.add(kill);
      JsonNode status = TopologyStoryboards.awaitEnd(topology.api(), id, limit.plusMinutes(2), true);
      if (!"completed".equals(status.path("state").asText())) {
        throw new IllegalStateException("storyboard " + id + " ended " + status.path("state") + ": " + status);
      }
    }
    List<Double> resumed = done.stream().map(Kill::resumedAfterSeconds).filter(s -> s != null).sorted().toList();
    int notResumed = done.size() - resumed.size();
    double max = notResumed > 0 ? limit.toSeconds() : resumed.isEmpty() ? 0 : resumed.get(resumed.size() - 1);
    double median = resumed.isEmpty() ? limit.toSeconds() : WakeLatency.percentile(resumed, 0.5);
    return new Result(done, max, median, notResumed);
  }

  /**
   * Waits until a provider job of storyboard {@code id} (shots {@code s1..sN}, prompts marked {@code marker}) was
   * answered after {@code sinceMillis}
   * and its submit is recorded, then SIGKILLs the worker that has the wait (one running an activity of the shot, else
   * the one that last ran the shot's workflow code) or, with {@code everyWorker}, all of them; starts one worker at
   * once, and measures until a worker acts on the job again, at most {@code limit}.
   */
  public static Kill killMidWait(ProductionTopology topology, TrafficLog log, String id, String marker, int shots,
      long sinceMillis, boolean everyWorker, Duration limit) throws Exception {
    Event answered = log.await(sinceMillis, e -> e.kind() == Kind.SUBMIT_ANSWERED
        && TopologyStoryboards.marked(marker).test(e), Duration.ofMinutes(2))
        .orElseThrow(() -> new IllegalStateException("no provider job was submitted for storyboard " + id));
    String shotWorkflow = awaitSubmitRecorded(topology, id, shots);
    List<ChildProcess> victims = new ArrayList<>();
    if (everyWorker) {
      victims.addAll(topology.workers());
    } else {
      victims.add(holderOf(topology, shotWorkflow).orElse(topology.workers().get(0)));
    }
    long killedAt = System.currentTimeMillis();
    victims.forEach(topology::kill);
    topology.startWorker();
    Optional<Event> resumed = log.await(killedAt, TrafficLog.workerActsOn(answered.jobId()), limit);
    Optional<Event> finished = log.events().stream()
        .filter(e -> e.kind() == Kind.FINISHED && e.jobId().equals(answered.jobId())).findFirst();
    return new Kill(victims.size() == 1 ? victims.get(0).toString() : victims.size() + " workers", killedAt,
        resumed.map(e -> (e.atMillis() - killedAt) / 1e3).orElse(null),
        finished.map(e -> (e.atMillis() - killedAt) / 1e3).orElse(null), answered.jobId());
  }

  /** The worker running an activity of {@code workflowId}, else the one that last ran its workflow code. */
  public static Optional<ChildProcess> holderOf(ProductionTopology topology, String workflowId) {
    for (TemporalProbe.RunningActivity a : topology.temporal().running(workflowId)) {
      Optional<ChildProcess> worker = topology.workerWithIdentity(a.workerIdentity());
      if (worker.isPresent()) {
        return worker;
      }
    }
    return topology.temporal().lastWorkflowWorker(workflowId).flatMap(topology::workerWithIdentity);
  }

  /** Waits until no shot of the storyboard runs a submit any more; the shot whose submit just ended. */
  private static String awaitSubmitRecorded(ProductionTopology topology, String id, int shots) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    List<String> ids = TopologyStoryboards.workflowIds(id, shots).subList(1, shots + 1);
    while (System.nanoTime() < deadline) {
      String submitting = null;
      String waiting = null;
      for (String wf : ids) {
        for (TemporalProbe.RunningActivity a : topology.temporal().running(wf)) {
          if (a.type().equals("Submit")) {
            submitting = wf;
          } else {
            waiting = wf;
          }
        }
      }
      if (submitting == null) {
        if (waiting != null) {
          return waiting;
        }
        for (String wf : ids) {
          if (topology.temporal().history(wf).stream().anyMatch(e -> e.hasActivityTaskCompletedEventAttributes())) {
            return wf;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the submit of storyboard " + id + " was not recorded within 2 minutes");
  }
}
