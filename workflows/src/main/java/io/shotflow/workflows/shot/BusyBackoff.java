package io.shotflow.workflows.shot;

import java.time.Duration;

/**
 * How long a shot waits before it submits again to a provider that refused the submit as {@link
 * io.shotflow.provider.ProviderError#PROVIDER_BUSY} (all its {@code max-concurrent} slots taken, or its {@code
 * max-per-second} reached, across every worker). The refusal's own hint when it gave one (the rate window: exact),
 * else a wait that starts at {@link #FIRST} and grows by half each refusal up to {@link #LONGEST}: a slot frees when
 * another job ends, which nobody can foresee. {@code jitter} in [0, 1) spreads the waits of shots refused together
 * over up to a fifth more, so they do not all come back at once.
 */
final class BusyBackoff {

  static final Duration FIRST = Duration.ofSeconds(2);
  static final Duration LONGEST = Duration.ofSeconds(20);

  private BusyBackoff() {}

  /** The wait after the {@code refusals}th refusal in a row (1: the first). */
  static Duration after(int refusals, Duration hint, double jitter) {
    Duration base;
    if (hint != null && !hint.isNegative() && !hint.isZero()) {
      base = hint.compareTo(LONGEST) > 0 ? LONGEST : hint;
    } else {
      double millis = FIRST.toMillis() * Math.pow(1.5, Math.max(0, refusals - 1));
      base = Duration.ofMillis((long) Math.min(millis, LONGEST.toMillis()));
    }
    return base.plusMillis((long) (base.toMillis() * 0.2 * jitter));
  }
}
