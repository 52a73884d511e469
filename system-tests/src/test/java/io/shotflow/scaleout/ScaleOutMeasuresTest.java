package io.shotflow.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shotflow.emulator.common.EmulatorTraffic.Event;
import io.shotflow.emulator.common.EmulatorTraffic.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scale-out test's measures of the emulator's traffic, on traffic written out by hand. */
class ScaleOutMeasuresTest {

  private static Event at(long millis, Kind kind, String job) {
    return new Event(millis, kind, job, "", 200, "", "");
  }

  @Test
  void jobsInFlightCountFromAcceptedToFinished() {
    List<Event> traffic = List.of(
        at(0, Kind.SUBMIT_ACCEPTED, "a"),
        at(10, Kind.QUERY, "a"),
        at(20, Kind.SUBMIT_ACCEPTED, "b"),
        at(30, Kind.FINISHED, "a"),
        at(40, Kind.SUBMIT_ACCEPTED, "c"),
        at(50, Kind.SUBMIT_ACCEPTED, "d"),
        at(60, Kind.FINISHED, "b"),
        at(70, Kind.FINISHED, "c"),
        at(80, Kind.FINISHED, "d"));
    assertEquals(3, ScaleOutTest.mostInFlight(traffic));
    assertEquals(0, ScaleOutTest.mostInFlight(List.of()));
  }

  @Test
  void submitsWithinASecondCountAnyWindowOfOneSecond() {
    assertEquals(1, ScaleOutTest.mostWithinASecond(List.of(at(0, Kind.SUBMIT_ACCEPTED, "a"),
        at(1000, Kind.SUBMIT_ACCEPTED, "b"), at(2000, Kind.SUBMIT_ACCEPTED, "c"))));
    assertEquals(2, ScaleOutTest.mostWithinASecond(List.of(at(0, Kind.SUBMIT_ACCEPTED, "a"),
        at(1500, Kind.SUBMIT_ACCEPTED, "b"), at(2499, Kind.SUBMIT_ACCEPTED, "c"), at(3600, Kind.SUBMIT_ACCEPTED, "d"))));
    assertEquals(3, ScaleOutTest.mostWithinASecond(List.of(at(900, Kind.SUBMIT_ACCEPTED, "c"),
        at(0, Kind.SUBMIT_ACCEPTED, "a"), at(500, Kind.SUBMIT_ACCEPTED, "b"))));
  }
}
