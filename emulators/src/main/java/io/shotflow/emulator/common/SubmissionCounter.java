package io.shotflow.emulator.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Accepted submissions per idempotency key: a take must be accepted exactly once, whatever faults happened. */
public final class SubmissionCounter {

  private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();

  public void accepted(String key) {
    accepted.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  public int count(String key) {
    AtomicInteger n = accepted.get(key);
    return n == null ? 0 : n.get();
  }

  public int total() {
    return accepted.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public Map<String, Integer> snapshot() {
    Map<String, Integer> copy = new ConcurrentHashMap<>();
    accepted.forEach((k, v) -> copy.put(k, v.get()));
    return Map.copyOf(copy);
  }
}
