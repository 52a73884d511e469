package io.shotflow.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotflow.bench.topology.ChildProcess;
import io.shotflow.bench.topology.ProductionTopology;
import io.shotflow.bench.topology.TopologyStoryboards;
import io.shotflow.bench.topology.TrafficLog;
import io.shotflow.emulator.common.EmulatorTraffic.Event;
import io.shotflow.emulator.common.EmulatorTraffic.Kind;
import io.shotflow.provider.ProviderError;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Scale-out: one {@code temporal-server}, two worker processes and two API processes sharing a PostgreSQL catalog and
 * one asset store ({@link ScaleOutStore}), Kling (its emulator) limited to {@value #MAX_CONCURRENT} jobs in flight and
 * {@value #MAX_PER_SECOND} submit per second. Each worker's callbacks go to a different API. One storyboard of
 * {@value #SHOTS} shots (a keyframe job and a clip job each) runs; once both workers have run activities of it, one
 * worker is killed (SIGKILL) and not restarted. The storyboard must complete, with one accepted job per take and none
 * twice; the emulator must never have held more than the limit's jobs at once nor taken more than its submits within
 * a second; callbacks must have come through both APIs. It prints the measured figures; the processes' logs stay under
 * {@code target/scale-out/}.
 */
class ScaleOutTest {

  static final int MAX_CONCURRENT = 2;
  static final int MAX_PER_SECOND = 1;
  static final int SHOTS = 4;
  private static final Duration RUN_LIMIT = Duration.ofMinutes(3);

  @Test
  void twoWorkersAndTwoApisRunOneStoryboardWithinTheProvidersLimitsAndLoseNothingWhenAWorkerDies() throws Exception {
    long began = System.nanoTime();
    Path dir = Path.of("target", "scale-out",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))).toAbsolutePath();
    Files.createDirectories(dir);
    ScaleOutStore store = ScaleOutStore.configured(dir.resolve("work"));
    Map<String, String> extra = new TreeMap<>(store.properties());
    extra.put("shotflow.providers.kling.max-concurrent", String.valueOf(MAX_CONCURRENT));
    extra.put("shotflow.providers.kling.max-per-second", String.valueOf(MAX_PER_SECOND));
    var options = new ProductionTopology.Options(2, 2, Duration.ofMillis(500), Duration.ofSeconds(3), 320,
        dir.resolve("work"), dir.resolve("logs"), extra);
    try (store; ProductionTopology topology = ProductionTopology.start(options)) {
      assumeTrue(topology.catalog().survivesAnyProcess(),
          "PostgreSQL on 127.0.0.1:5432/test is needed: the processes share its catalog");
      double startup = (System.nanoTime() - began) / 1e9;
      TrafficLog log = TrafficLog.attach(topology.kling().traffic());
      List<ChildProcess> workers = topology.workers();
      Map<String, String> workerByPid = new LinkedHashMap<>();
      for (int i = 0; i < workers.size(); i++) {
        workerByPid.put(String.valueOf(workers.get(i).pid()), "worker " + (i + 1));
      }

      long runStarted = System.nanoTime();
      String id = topology.api(0).submit(TopologyStoryboards.kling("scale", SHOTS, 0, false));
      List<String> workflows = TopologyStoryboards.workflowIds(id, SHOTS);

      // both workers have run activities of the storyboard and callbacks came through both APIs (each worker's jobs
      // call back to its own API): then the second worker dies, mid-run
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while ((perWorker(topology, workflows, workerByPid).size() < 2
          || callbacksPerApi(log.events(), topology).size() < 2) && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      ChildProcess victim = workers.get(1);
      int acceptedBeforeKill = accepted(log).size();
      topology.kill(victim);
      double killedAfter = (System.nanoTime() - runStarted) / 1e9;
      System.out.printf("Scale-out: topology up in %.1f s; killed %s %.1f s into the run, after %d accepted jobs%n",
          startup, victim, killedAfter, acceptedBeforeKill);

      JsonNode status = TopologyStoryboards.awaitEnd(topology.api(1), id, RUN_LIMIT, true);
      double runSeconds = (System.nanoTime() - runStarted) / 1e9;

      Map<String, Integer> activities = perWorker(topology, workflows, workerByPid);
      int refusals = busyRefusals(topology, workflows);
      int mostInFlight = mostInFlight(log.events());
      int mostPerSecond = mostWithinASecond(accepted(log));
      Map<String, Integer> callbacks = callbacksPerApi(log.events(), topology);
      Map<String, Integer> acceptedPerKey = log.acceptedPerKey();
      int duplicates = acceptedPerKey.values().stream().mapToInt(n -> n - 1).sum();
      int takes = TopologyStoryboards.takes(status);
      String summary = String.format("""
          Scale-out (%s store): storyboard %s in %.1f s, %.1f s of it after the kill \
          (topology up in %.1f s, %.0f s in all)
            activities per worker: %s
            Kling jobs in flight at most %d (max-concurrent %d); submits within one second at most %d \
          (max-per-second %d); %d PROVIDER_BUSY refusals waited out
            callbacks (2xx) per API: %s
            %d accepted jobs for %d takes, %d duplicates; %s killed after %d accepted jobs; objects in the bucket: %s
          """, store.name(), status.path("state").asText(), runSeconds, runSeconds - killedAfter, startup,
          (System.nanoTime() - began) / 1e9, activities, mostInFlight, MAX_CONCURRENT, mostPerSecond, MAX_PER_SECOND, refusals, callbacks,
          acceptedPerKey.size(), takes, duplicates, victim, acceptedBeforeKill,
          store.objects() == null ? "- (folder)" : store.objects());
      System.out.print(summary);
      Files.writeString(dir.resolve("summary.txt"), summary);

      assertEquals("completed", status.path("state").asText(), "the storyboard completes: " + status);
      assertEquals(2, activities.size(), "activities of the storyboard ran on both workers: " + activities);
      assertTrue(acceptedBeforeKill < takes, "the worker died mid-run: " + acceptedBeforeKill + " of " + takes);
      assertTrue(mostInFlight <= MAX_CONCURRENT, "Kling never held more than max-concurrent jobs: " + mostInFlight);
      assertTrue(mostPerSecond <= MAX_PER_SECOND, "Kling never took more than max-per-second submits within a "
          + "second: " + mostPerSecond);
      assertTrue(refusals > 0, "the limits were reached (and waited out), or this run proved nothing about them");
      assertEquals(2, callbacks.size(), "callbacks reached both APIs: " + callbacks);
      if (store.objects() != null) {
        assertTrue(store.objects() > 0, "the assets went to the bucket");
        try (var files = Files.walk(dir.resolve("work").resolve("assets"))) {
          assertEquals(0, files.filter(Files::isRegularFile).count(), "and none to the folder");
        }
      }
      assertEquals(0, duplicates, "no take accepted twice: " + acceptedPerKey);
      assertEquals(takes, acceptedPerKey.size(), "one accepted job per take");
    }
  }

  private static List<Event> accepted(TrafficLog log) {
    return log.events().stream().filter(e -> e.kind() == Kind.SUBMIT_ACCEPTED).toList();
  }

  /** Activities of the storyboard's workflows per worker (their started events' identities, {@code pid@host}). */
  private static Map<String, Integer> perWorker(ProductionTopology topology, List<String> workflows,
      Map<String, String> workerByPid) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String workflow : workflows) {
      for (HistoryEvent e : topology.temporal().history(workflow)) {
        if (e.hasActivityTaskStartedEventAttributes()) {
          String identity = e.getActivityTaskStartedEventAttributes().getIdentity();
          String pid = identity.contains("@") ? identity.substring(0, identity.indexOf('@')) : identity;
          counts.merge(workerByPid.getOrDefault(pid, identity), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  /** Submits refused as PROVIDER_BUSY in the storyboard's histories. */
  private static int busyRefusals(ProductionTopology topology, List<String> workflows) {
    int n = 0;
    for (String workflow : workflows) {
      for (HistoryEvent e : topology.temporal().history(workflow)) {
        if (e.hasActivityTaskFailedEventAttributes() && ProviderError.PROVIDER_BUSY.name().equals(
            e.getActivityTaskFailedEventAttributes().getFailure().getApplicationFailureInfo().getType())) {
          n++;
        }
      }
    }
    return n;
  }

  /** The most jobs the emulator held at once: accepted and not yet finished, in the order it saw them. */
  static int mostInFlight(List<Event> events) {
    Set<String> running = new HashSet<>();
    int most = 0;
    for (Event e : events) {
      if (e.kind() == Kind.SUBMIT_ACCEPTED) {
        running.add(e.jobId());
        most = Math.max(most, running.size());
      } else if (e.kind() == Kind.FINISHED) {
        running.remove(e.jobId());
      }
    }
    return most;
  }

  /** The most submits the emulator accepted within any one second. */
  static int mostWithinASecond(List<Event> accepted) {
    List<Long> at = new ArrayList<>(accepted.stream().map(Event::atMillis).sorted().toList());
    int most = 0;
    for (int first = 0, last = 0; last < at.size(); last++) {
      while (at.get(last) - at.get(first) >= 1000) {
        first++;
      }
      most = Math.max(most, last - first + 1);
    }
    return most;
  }

  /** Callbacks the APIs answered 2xx, per API. */
  private static Map<String, Integer> callbacksPerApi(List<Event> events, ProductionTopology topology) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Event e : events) {
      if (e.kind() != Kind.WEBHOOK_ANSWERED || e.status() / 100 != 2) {
        continue;
      }
      for (int api = 0; api < 2; api++) {
        if (e.target().startsWith(topology.apiUrl(api) + "/")) {
          counts.merge("API " + (api + 1), 1, Integer::sum);
        }
      }
    }
    return counts;
  }
}
