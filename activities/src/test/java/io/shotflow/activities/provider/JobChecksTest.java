package io.shotflow.activities.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How often a waiting job is looked at, and what that costs a day-long wait. */
class JobChecksTest {

  @Test
  void aYoungJobIsCheckedAtItsIntervalAnOldOneLessOften() {
    Duration base = Duration.ofSeconds(10);
    assertEquals(base, JobChecks.intervalAfter(base, Duration.ZERO));
    assertEquals(base, JobChecks.intervalAfter(base, Duration.ofSeconds(100)));
    assertEquals(Duration.ofSeconds(30), JobChecks.intervalAfter(base, Duration.ofMinutes(5)));
    assertEquals(JobChecks.LONGEST_INTERVAL, JobChecks.intervalAfter(base, Duration.ofHours(5)));
    // a configured interval longer than the ceiling is kept
    assertEquals(Duration.ofMinutes(30), JobChecks.intervalAfter(Duration.ofMinutes(30), Duration.ofHours(5)));
  }

  @Test
  void aDayLongWaitStaysWellUnderTemporalsHistoryWarning() {
    for (Duration base : new Duration[] {JobChecks.POLLED_INTERVAL, JobChecks.NOTIFIED_INTERVAL}) {
      int checks = checksWithin(base, Duration.ofHours(24));
      // about ten history events per check; Temporal warns at 10,240 events
      assertTrue(checks * 10 < 10_240 / 4, base + ": " + checks + " checks in 24 h");
      int lastHour = checksWithin(base, Duration.ofHours(24)) - checksWithin(base, Duration.ofHours(23));
      assertTrue(lastHour <= 6, base + ": " + lastHour + " checks in the 24th hour");
    }
  }

  private static int checksWithin(Duration base, Duration span) {
    Duration waited = base;
    int checks = 0;
    while (waited.compareTo(span) <= 0) {
      checks++;
      waited = waited.plus(JobChecks.intervalAfter(base, waited));
    }
    return checks;
  }
}
