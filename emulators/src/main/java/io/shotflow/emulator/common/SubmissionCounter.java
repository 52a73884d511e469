package io.shotflow.emulator.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepted submissions per idempotency key (a take must be accepted exactly once, whatever faults happened), and what
 * each accepted submission asked for: the model (path or name) and the body, so a test can see the request a provider
 * would have received (the model, the duration, the frames).
 */
public final class SubmissionCounter {

  /** One accepted submission: where it went ({@code model}: a model path, or Kling's endpoint path) and its body. */
  public record Received(String model, JsonNode body) {}

  private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  public void accepted(String key, String model, JsonNode body) {
    accepted.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    received.add(new Received(model, body.deepCopy()));
  }

  /** Every accepted submission, oldest first. */
  public List<Received> received() {
    return List.copyOf(received);
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
