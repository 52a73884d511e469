package io.shotflow.bench.topology;

import io.shotflow.emulator.common.EmulatorTraffic;
import io.shotflow.emulator.common.EmulatorTraffic.Event;
import io.shotflow.emulator.common.EmulatorTraffic.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Every event of an emulator's traffic since it was attached, with the questions a fault test asks of them. */
public final class TrafficLog {

  private final List<Event> events = new ArrayList<>();

  /** Records {@code traffic} from now on. */
  public static TrafficLog attach(EmulatorTraffic traffic) {
    TrafficLog log = new TrafficLog();
    traffic.listen(log::add);
    return log;
  }

  private synchronized void add(Event event) {
    events.add(event);
    notifyAll();
  }

  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** The first event at or after {@code sinceMillis} that matches, waiting up to {@code timeout} for it. */
  public synchronized Optional<Event> await(long sinceMillis, Predicate<Event> matches, Duration timeout)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    int seen = 0;
    while (true) {
      for (; seen < events.size(); seen++) {
        Event e = events.get(seen);
        if (e.atMillis() >= sinceMillis && matches.test(e)) {
          return Optional.of(e);
        }
      }
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return Optional.empty();
      }
      wait(Math.min(left, 500));
    }
  }

  /** Accepted submits per idempotency key. */
  public synchronized Map<String, Integer> acceptedPerKey() {
    Map<String, Integer> accepted = new TreeMap<>();
    for (Event e : events) {
      if (e.kind() == Kind.SUBMIT_ACCEPTED) {
        accepted.merge(e.key().isEmpty() ? e.jobId() : e.key(), 1, Integer::sum);
      }
    }
    return accepted;
  }

  /** True for a worker acting on a job: a status query or the start of an output download. */
  public static Predicate<Event> workerActsOn(String jobId) {
    return e -> e.jobId().equals(jobId) && (e.kind() == Kind.QUERY || e.kind() == Kind.DOWNLOAD_STARTED);
  }
}
