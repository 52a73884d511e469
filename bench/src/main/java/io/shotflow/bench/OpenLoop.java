package io.shotflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Requests sent at a fixed rate whatever the answers do (open loop): the i-th is due {@code i / rate} after the start
 * and its latency counts from when it was due, so a slow answer cannot hide the ones queued behind it.
 */
final class OpenLoop {

  /** An answer and its latency in milliseconds from when its request was due. */
  record Timed<T>(T answer, double millis) {}

  private OpenLoop() {}

  /**
   * Sends {@code count} requests at {@code perSecond}, {@code send} starting the i-th without waiting for its answer;
   * the answers in order, once all have come.
   */
  static <T> List<Timed<T>> run(int count, double perSecond, IntFunction<CompletableFuture<T>> send)
      throws InterruptedException {
    long period = (long) (1e9 / perSecond);
    long start = System.nanoTime() + 50_000_000L;
    List<CompletableFuture<Timed<T>>> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long due = start + i * period;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      answers.add(send.apply(i).thenApply(answer -> new Timed<>(answer, (System.nanoTime() - due) / 1e6)));
    }
    List<Timed<T>> timed = new ArrayList<>();
    for (CompletableFuture<Timed<T>> answer : answers) {
      timed.add(answer.join());
    }
    return timed;
  }
}
