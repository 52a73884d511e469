package io.shotflow.emulator.common;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Faults queued for the next matching requests: each entry answers one request, in the order injected. Tests and the
 * emulators' admin route fill it; the emulator takes the first entry that applies to the request at hand.
 */
public final class Faults<F> {

  private final Deque<F> pending = new ArrayDeque<>();

  public synchronized void inject(F fault, int times) {
    for (int i = 0; i < times; i++) {
      pending.addLast(fault);
    }
  }

  public synchronized Optional<F> take(Predicate<F> applies) {
    for (F fault : pending) {
      if (applies.test(fault)) {
        pending.remove(fault);
        return Optional.of(fault);
      }
    }
    return Optional.empty();
  }

  public synchronized void clear() {
    pending.clear();
  }

  public synchronized int size() {
    return pending.size();
  }
}
