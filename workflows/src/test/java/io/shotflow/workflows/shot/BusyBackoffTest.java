package io.shotflow.workflows.shot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BusyBackoffTest {

  @Test
  void growsByHalfFromTwoSecondsUpToTwenty() {
    assertEquals(Duration.ofSeconds(2), BusyBackoff.after(1, null, 0));
    assertEquals(Duration.ofSeconds(3), BusyBackoff.after(2, null, 0));
    assertEquals(Duration.ofMillis(4500), BusyBackoff.after(3, null, 0));
    assertEquals(Duration.ofSeconds(20), BusyBackoff.after(12, null, 0));
    assertEquals(Duration.ofSeconds(20), BusyBackoff.after(1000, null, 0));
  }

  @Test
  void takesTheRefusalsHintUpToTheLongestWait() {
    assertEquals(Duration.ofMillis(301), BusyBackoff.after(5, Duration.ofMillis(301), 0));
    assertEquals(Duration.ofSeconds(20), BusyBackoff.after(1, Duration.ofMinutes(5), 0));
    assertEquals(Duration.ofSeconds(2), BusyBackoff.after(1, Duration.ZERO, 0));
  }

  @Test
  void jitterAddsUpToAFifth() {
    assertEquals(Duration.ofMillis(2400), BusyBackoff.after(1, null, 1.0));
    assertEquals(Duration.ofMillis(2200), BusyBackoff.after(1, null, 0.5));
  }
}
