package io.shotflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

  @Test
  void sendsOnScheduleAndCountsEachLatencyFromWhenItWasDue() throws Exception {
    ScheduledExecutorService answerer = Executors.newSingleThreadScheduledExecutor();
    try {
      // every answer comes at the same moment, after the last request was due
      CompletableFuture<Void> release = new CompletableFuture<>();
      answerer.schedule(() -> release.complete(null), 400, TimeUnit.MILLISECONDS);

      List<OpenLoop.Timed<Integer>> answers = OpenLoop.run(6, 50, i -> release.thenApply(ignored -> i));

      assertEquals(6, answers.size());
      for (int i = 0; i < answers.size(); i++) {
        assertEquals(i, answers.get(i).answer(), "answers in the order sent");
      }
      // sent 20 ms apart without waiting for answers, answered together: each waited 20 ms less than the one before
      for (int i = 1; i < answers.size(); i++) {
        double gap = answers.get(i - 1).millis() - answers.get(i).millis();
        assertEquals(20, gap, 5, "latency gap between requests " + (i - 1) + " and " + i);
      }
      double last = answers.get(answers.size() - 1).millis();
      assertTrue(last > 150, "the last request waited for the release, counted from when it was due: " + last);
    } finally {
      answerer.shutdownNow();
    }
  }
}
