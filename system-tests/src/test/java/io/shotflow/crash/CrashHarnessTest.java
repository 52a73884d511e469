package io.shotflow.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotflow.bench.topology.ChildProcess;
import io.shotflow.bench.topology.ProductionTopology;
import io.shotflow.bench.topology.TemporalProbe;
import io.shotflow.bench.topology.TopologyStoryboards;
import io.shotflow.bench.topology.TrafficLog;
import io.shotflow.bench.topology.WaitRecovery;
import io.shotflow.bench.topology.WakeLatency;
import io.shotflow.emulator.common.EmulatorTraffic.Event;
import io.shotflow.emulator.common.EmulatorTraffic.Kind;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The crash harness: Shotflow as separate processes ({@link ProductionTopology}: the Temporal server, two workers, one
 * API with {@code shotflow.public-url}, the Kling emulator with callbacks and a PostgreSQL catalog), and a SIGKILL at
 * each stage of a storyboard's life: a worker while a submit is in flight, both workers while a shot waits on the
 * provider (one restarted), a worker while it downloads an output, a worker while a storyboard waits for a review, a
 * worker while it joins or assembles media, and the API while callbacks are due. Each killed process is started again
 * at once. Every storyboard must complete, the emulator must have accepted exactly one job per take, and each
 * interrupted step must progress again within {@link #LIMIT}. It prints a table of kills, stages, recovery seconds and
 * duplicates; the processes' logs stay under {@code target/crash-harness/}.
 */
class CrashHarnessTest {

  /** How long an interrupted step may take to progress again before the harness counts it as not recovered. */
  private static final Duration LIMIT = Duration.ofSeconds(90);
  /** The three-shot storyboard must finish within this of the restart after both workers were killed mid-wait. */
  private static final Duration AFTER_RESTART = Duration.ofMinutes(3);
  private static final Set<String> MEDIA_STEPS = Set.of("JoinClips", "Assemble");
  /** Requests a worker makes about a job: a submit again (refused or accepted), a status query, a download. */
  private static final Set<Kind> BY_A_WORKER =
      Set.of(Kind.SUBMIT_ACCEPTED, Kind.SUBMIT_DUPLICATE, Kind.QUERY, Kind.DOWNLOAD_STARTED);

  /** One kill: its stage, the processes killed, seconds until the step progressed (null: not within the limit). */
  record KillRow(int n, String stage, String process, Double recoverySeconds, String note) {}

  private final List<KillRow> kills = new ArrayList<>();
  private final Map<String, String> storyboards = new LinkedHashMap<>();
  /** Seconds from the restart to the end of the three-shot storyboard whose workers were both killed; null: not done. */
  private Double threeShotAfterRestart;

  @FunctionalInterface
  private interface Phase {
    void run() throws Exception;
  }

  /** Runs one kill; one that cannot be staged is a row without recovery, and the next phase still runs. */
  private void phase(ProductionTopology topology, String stage, Phase phase) {
    int before = kills.size();
    try {
      phase.run();
    } catch (Exception | AssertionError e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (kills.size() == before) {
        record(stage, "-", System.currentTimeMillis(), Optional.empty(), "not staged: " + e.getMessage());
      }
    }
    // the next stage starts with two workers again, as production's supervisor would keep them
    while (topology.workers().size() < 2) {
      topology.startWorker();
    }
    topology.workers().forEach(topology::awaitWorker);
  }

  @Test
  void everyStoryboardCompletesThroughKillsAtEveryStage() throws Exception {
    long began = System.nanoTime();
    Path dir = Path.of("target", "crash-harness",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
    Files.createDirectories(dir);
    var options = new ProductionTopology.Options(2, 1, Duration.ofMillis(500), Duration.ofSeconds(3), 320,
        dir.resolve("work"), dir.resolve("logs"), Map.of());
    try (ProductionTopology topology = ProductionTopology.start(options)) {
      assumeTrue(topology.catalog().survivesAnyProcess(),
          "PostgreSQL on 127.0.0.1:5432/test is needed: a killed process must not take the catalog with it");
      double startup = (System.nanoTime() - began) / 1e9;
      TrafficLog log = TrafficLog.attach(topology.kling().traffic());
      System.out.printf("Crash harness: topology up in %.1f s (logs in %s)%n", startup, topology.logs());

      WakeLatency.Result wake = WakeLatency.measure(topology, log, 1, 3, Duration.ofMinutes(3));
      System.out.printf("  without kills: wake p50 %.0f ms, p99 %.0f ms over %d jobs, %.2f status queries per job%n",
          wake.p50Ms(), wake.p99Ms(), wake.jobs(), wake.queriesPerJob());

      phase(topology, "a submit in flight", () -> submitInFlight(topology, log));
      phase(topology, "waiting on the provider", () -> waitingOnTheProvider(topology, log));
      phase(topology, "downloading an output", () -> downloadingAnOutput(topology, log));
      phase(topology, "waiting for a review", () -> waitingForAReview(topology));
      phase(topology, "joining/assembling media", () -> joiningOrAssembling(topology, storyboards.get("review")));
      phase(topology, "API while callbacks are due", () -> apiWhileCallbacksAreDue(topology, log));

      Map<String, JsonNode> ended = new LinkedHashMap<>();
      long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      for (var sb : storyboards.entrySet()) {
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        try {
          ended.put(sb.getKey(), TopologyStoryboards.awaitEnd(topology.api(), sb.getValue(), left, true));
        } catch (IllegalStateException e) {
          System.out.println("  " + e.getMessage());
        }
      }
      Map<String, Integer> accepted = log.acceptedPerKey();
      int duplicates = accepted.values().stream().mapToInt(n -> n - 1).sum();
      // the jobs of the storyboards killed through (the wake-latency storyboard before them is not in the status sum)
      long acceptedHere = log.events().stream().filter(e -> e.kind() == Kind.SUBMIT_ACCEPTED
          && storyboards.keySet().stream().anyMatch(m -> TopologyStoryboards.marked(m).test(e)))
          .map(Event::key).distinct().count();
      int takes = ended.values().stream().mapToInt(TopologyStoryboards::takes).sum();
      print(kills, duplicates, (int) acceptedHere, takes, (System.nanoTime() - began) / 1e9, dir);

      for (var sb : storyboards.entrySet()) {
        JsonNode status = ended.get(sb.getKey());
        assertTrue(status != null && "completed".equals(status.path("state").asText()),
            "storyboard " + sb.getKey() + " completes: " + status);
      }
      assertEquals(0, duplicates, "no take accepted twice: " + accepted);
      assertEquals(takes, acceptedHere, "one accepted job per take");
      assertTrue(threeShotAfterRestart != null && threeShotAfterRestart <= AFTER_RESTART.toSeconds(),
          "the three-shot storyboard completes within " + AFTER_RESTART + " of the restart after both workers were "
              + "killed: " + threeShotAfterRestart);
      for (KillRow row : kills) {
        assertTrue(row.recoverySeconds() != null, "kill " + row.n() + " (" + row.stage() + ") recovered within "
            + LIMIT + ": " + row.note());
      }
    }
  }

  /** A worker dies while Kling holds back the answer to a submit it accepted. */
  private void submitInFlight(ProductionTopology topology, TrafficLog log) throws Exception {
    topology.kling().traffic().holdSubmits();
    try {
      long since = System.currentTimeMillis();
      String id = submit(topology, "submit", 1, 0, false);
      Event accepted = log.await(since, e -> e.kind() == Kind.SUBMIT_ACCEPTED
          && TopologyStoryboards.marked("submit").test(e), Duration.ofMinutes(2)).orElseThrow();
      ChildProcess victim = runningActivityWorker(topology, workflow(id, "s1"), "Submit", Duration.ofSeconds(10))
          .orElse(topology.workers().get(0));
      long killedAt = killAndRestart(topology, victim);
      topology.kling().traffic().releaseSubmits();
      Optional<Event> progressed = log.await(killedAt, e -> BY_A_WORKER.contains(e.kind())
          && (e.key().equals(accepted.key()) || e.jobId().equals(accepted.jobId())), LIMIT);
      record("a submit in flight", victim.toString(), killedAt, progressed.map(Event::atMillis),
          progressed.map(e -> "next: " + e.kind()).orElse("no request about the job"));
    } finally {
      topology.kling().traffic().releaseSubmits();
    }
  }

  /** Both workers die while a three-shot storyboard waits on a provider job; one is restarted. */
  private void waitingOnTheProvider(ProductionTopology topology, TrafficLog log) throws Exception {
    long since = System.currentTimeMillis();
    String id = submit(topology, "wait", 3, 0, false);
    WaitRecovery.Kill kill = WaitRecovery.killMidWait(topology, log, id, "wait", 3, since, true, LIMIT);
    ChildProcess restarted = topology.workers().get(0);
    topology.awaitWorker(restarted);
    record("waiting on the provider", kill.killed(), kill.killedAtMillis(),
        Optional.ofNullable(kill.resumedAfterSeconds()).map(s -> kill.killedAtMillis() + Math.round(s * 1000)),
        String.format("job finished %.1f s after the kill", kill.jobFinishedAfterSeconds()));
    long restartedAt = restarted.startedMillis();
    JsonNode status;
    try {
      status = TopologyStoryboards.awaitEnd(topology.api(), id, AFTER_RESTART, true);
    } catch (IllegalStateException e) {
      status = null;
    }
    double after = (System.currentTimeMillis() - restartedAt) / 1e3;
    System.out.printf("  three-shot storyboard after both workers were killed: %s %.1f s after the restart%n",
        status == null ? "not ended" : status.path("state").asText(), after);
    if (status != null && "completed".equals(status.path("state").asText())) {
      threeShotAfterRestart = after;
    }
    topology.awaitWorker(topology.startWorker());
  }

  /** A worker dies while it downloads a clip that Kling serves slowly. */
  private void downloadingAnOutput(ProductionTopology topology, TrafficLog log) throws Exception {
    topology.kling().traffic().slowDownloads(Duration.ofSeconds(5));
    try {
      long since = System.currentTimeMillis();
      String id = submit(topology, "download", 1, 0, false);
      Set<String> jobs = new java.util.concurrent.ConcurrentSkipListSet<>();
      Event download = log.await(since, e -> {
        if (e.kind() == Kind.SUBMIT_ACCEPTED && TopologyStoryboards.marked("download").test(e)) {
          jobs.add(e.jobId());
        }
        return e.kind() == Kind.DOWNLOAD_STARTED && jobs.contains(e.jobId()) && e.detail().endsWith(".mp4");
      }, Duration.ofMinutes(2)).orElseThrow(() -> new IllegalStateException("no clip download for " + id));
      ChildProcess victim = runningActivityWorker(topology, workflow(id, "s1"), null, Duration.ofSeconds(3))
          .orElse(topology.workers().get(0));
      long killedAt = killAndRestart(topology, victim);
      topology.kling().traffic().slowDownloads(Duration.ZERO);
      Optional<Event> progressed = log.await(killedAt + 1, TrafficLog.workerActsOn(download.jobId()), LIMIT);
      record("downloading an output", victim.toString(), killedAt, progressed.map(Event::atMillis),
          progressed.map(e -> "next: " + e.kind()).orElse("the job was not asked about again"));
    } finally {
      topology.kling().traffic().slowDownloads(Duration.ZERO);
    }
  }

  /** The worker that last ran the shot's workflow code dies while the shot waits for a keyframe review. */
  private void waitingForAReview(ProductionTopology topology) throws Exception {
    String id = submit(topology, "review", 1, 1, true);
    JsonNode pending = awaitPendingReview(topology, id, Duration.ofMinutes(2));
    ChildProcess victim = topology.temporal().lastWorkflowWorker(workflow(id, "s1"))
        .flatMap(topology::workerWithIdentity).orElse(topology.workers().get(0));
    long killedAt = killAndRestart(topology, victim);
    JsonNode takes = pending.path("takes");
    Long answeredAt = null;
    int code = 0;
    while (System.currentTimeMillis() - killedAt < LIMIT.toMillis()) {
      code = topology.api().approve(id, pending.path("subject").asText(), takes.isEmpty() ? null : takes.get(0).asText());
      if (code / 100 == 2) {
        answeredAt = System.currentTimeMillis();
        break;
      }
      Thread.sleep(500);
    }
    record("waiting for a review", victim.toString(), killedAt, Optional.ofNullable(answeredAt),
        "the approval was answered " + code);
  }

  /** A worker dies while it joins a shot's clips or assembles the cut. */
  private void joiningOrAssembling(ProductionTopology topology, String id) throws Exception {
    List<String> workflows = TopologyStoryboards.workflowIds(id, 1);
    TemporalProbe.RunningActivity media = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (media == null && System.nanoTime() < deadline) {
      for (String wf : workflows) {
        for (TemporalProbe.RunningActivity a : topology.temporal().running(wf)) {
          if (MEDIA_STEPS.contains(a.type())) {
            media = a;
          }
        }
      }
      if (media == null) {
        approvePending(topology, id);
        Thread.sleep(100);
      }
    }
    if (media == null) {
      record("joining/assembling media", "none", System.currentTimeMillis(), Optional.empty(),
          "no join or assembly was caught running");
      return;
    }
    ChildProcess victim = topology.workerWithIdentity(media.workerIdentity()).orElse(topology.workers().get(0));
    long killedAt = killAndRestart(topology, victim);
    Optional<Long> progressed = Optional.empty();
    while (progressed.isEmpty() && System.currentTimeMillis() - killedAt < LIMIT.toMillis()) {
      progressed = startedAgain(topology, media, killedAt);
      if (progressed.isEmpty()) {
        Thread.sleep(200);
      }
    }
    record("joining/assembling media (" + media.type() + ")", victim.toString(), killedAt, progressed,
        progressed.isPresent() ? "a new attempt started" : "no new attempt of " + media.type());
  }

  /** The API dies while a provider job's callback is due, and is started again on its port. */
  private void apiWhileCallbacksAreDue(ProductionTopology topology, TrafficLog log) throws Exception {
    long since = System.currentTimeMillis();
    String id = submit(topology, "api", 1, 0, false);
    Event answered = log.await(since, e -> e.kind() == Kind.SUBMIT_ANSWERED
        && TopologyStoryboards.marked("api").test(e), Duration.ofMinutes(2)).orElseThrow();
    String process = topology.apiProcess().toString();
    long killedAt = System.currentTimeMillis();
    topology.killApi();
    topology.restartApi();
    double down = (System.currentTimeMillis() - killedAt) / 1e3;
    Optional<Event> finished = log.await(since, e -> e.kind() == Kind.FINISHED
        && e.jobId().equals(answered.jobId()), LIMIT);
    Optional<Event> progressed = finished.isEmpty() ? Optional.empty()
        : log.await(finished.get().atMillis(), TrafficLog.workerActsOn(answered.jobId()), LIMIT);
    boolean webhookLost = log.events().stream().anyMatch(e -> e.kind() == Kind.WEBHOOK_ANSWERED
        && e.jobId().equals(answered.jobId()) && e.status() / 100 != 2);
    record("API while callbacks are due", process, killedAt, progressed.map(Event::atMillis),
        String.format("API back after %.1f s; %s", down, webhookLost ? "a webhook was lost" : "no webhook lost"));
  }

  // ---------------------------------------------------------------- helpers

  private String submit(ProductionTopology topology, String marker, int shots, int extendSteps, boolean review)
      throws Exception {
    String id = topology.api().submit(TopologyStoryboards.kling(marker, shots, extendSteps, review));
    storyboards.put(marker, id);
    return id;
  }

  private static String workflow(String storyboardId, String shot) {
    return "storyboard-" + storyboardId + "-shot-" + shot;
  }

  private long killAndRestart(ProductionTopology topology, ChildProcess victim) {
    long killedAt = System.currentTimeMillis();
    topology.kill(victim);
    topology.startWorker();
    return killedAt;
  }

  private void record(String stage, String process, long killedAt, Optional<Long> progressedAt, String note) {
    KillRow row = new KillRow(kills.size() + 1, stage, process,
        progressedAt.map(t -> Math.max(0, t - killedAt) / 1e3).orElse(null), note);
    kills.add(row);
    System.out.printf("  kill %d, %s: %s; %s%n", row.n(), stage, row.recoverySeconds() == null
        ? "not recovered within " + LIMIT.toSeconds() + " s" : String.format("recovered in %.1f s", row.recoverySeconds()),
        note);
  }

  /** The worker running an activity ({@code type}, or any when null) of {@code workflowId}, waiting up to {@code wait}. */
  private static Optional<ChildProcess> runningActivityWorker(ProductionTopology topology, String workflowId,
      String type, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    do {
      for (TemporalProbe.RunningActivity a : topology.temporal().running(workflowId)) {
        if (type == null || a.type().equals(type)) {
          Optional<ChildProcess> worker = topology.workerWithIdentity(a.workerIdentity());
          if (worker.isPresent()) {
            return worker;
          }
        }
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return Optional.empty();
  }

  private static JsonNode awaitPendingReview(ProductionTopology topology, String id, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode pending = topology.api().status(id).path("pending_reviews");
      if (pending.size() > 0) {
        return pending.get(0);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("storyboard " + id + " never waited for a review");
  }

  private static void approvePending(ProductionTopology topology, String id) {
    try {
      for (JsonNode pending : topology.api().status(id).path("pending_reviews")) {
        JsonNode takes = pending.path("takes");
        topology.api().approve(id, pending.path("subject").asText(), takes.isEmpty() ? null : takes.get(0).asText());
      }
    } catch (Exception e) {
      // asked again on the next round
    }
  }

  /**
   * When the killed media step was started again after {@code killedAt} (still running, or already finished: its
   * started event in history), that start time.
   */
  private static Optional<Long> startedAgain(ProductionTopology topology, TemporalProbe.RunningActivity killed,
      long killedAt) {
    for (TemporalProbe.RunningActivity a : topology.temporal().running(killed.workflowId())) {
      if (a.type().equals(killed.type()) && a.startedMillis() > killedAt) {
        return Optional.of(a.startedMillis());
      }
    }
    Set<Long> scheduled = new java.util.HashSet<>();
    for (HistoryEvent e : topology.temporal().history(killed.workflowId())) {
      if (e.hasActivityTaskScheduledEventAttributes()
          && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(killed.type())) {
        scheduled.add(e.getEventId());
      }
      long at = e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
      if (e.hasActivityTaskStartedEventAttributes()
          && scheduled.contains(e.getActivityTaskStartedEventAttributes().getScheduledEventId()) && at > killedAt) {
        return Optional.of(at);
      }
    }
    return Optional.empty();
  }

  private static void print(List<KillRow> kills, int duplicates, int accepted, int takes, double seconds, Path dir)
      throws Exception {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%nCrash harness: %d kills, %d accepted jobs for %d takes, duplicates %d, %.0f s in all%n",
        kills.size(), accepted, takes, duplicates, seconds));
    out.append(String.format("%-3s %-42s %-26s %-10s %s%n", "#", "stage", "killed", "recovery", "note"));
    for (KillRow k : kills) {
      out.append(String.format("%-3d %-42s %-26s %-10s %s%n", k.n(), k.stage(), k.process(),
          k.recoverySeconds() == null ? "> " + LIMIT.toSeconds() + " s" : String.format("%.1f s", k.recoverySeconds()),
          k.note()));
    }
    System.out.print(out);
    Files.writeString(dir.resolve("summary.txt"), out.toString());
  }
}
