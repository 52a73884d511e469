package io.shotflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** CPU time of every thread, to tell which pools a phase's CPU went to (threads that ended in between are missed). */
final class ThreadCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<Long, Long> nanos = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();

  private ThreadCpu() {}

  static ThreadCpu now() {
    ThreadCpu snapshot = new ThreadCpu();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null) {
        long cpu = THREADS.getThreadCpuTime(info.getThreadId());
        if (cpu >= 0) {
          snapshot.nanos.put(info.getThreadId(), cpu);
          snapshot.names.put(info.getThreadId(), info.getThreadName().replaceAll("\\d+", "N"));
        }
      }
    }
    return snapshot;
  }

  /** Milliseconds of CPU per pool since {@code before}, divided by {@code per}, largest first, the top entries only. */
  Map<String, Double> since(ThreadCpu before, int per, int top) {
    Map<String, Double> byPool = new TreeMap<>();
    nanos.forEach((id, cpu) -> byPool.merge(names.get(id), (cpu - before.nanos.getOrDefault(id, 0L)) / 1e6 / per,
        Double::sum));
    Map<String, Double> largest = new LinkedHashMap<>();
    byPool.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(top)
        .forEach(e -> largest.put(e.getKey(), Math.round(e.getValue() * 100) / 100.0));
    return largest;
  }
}
