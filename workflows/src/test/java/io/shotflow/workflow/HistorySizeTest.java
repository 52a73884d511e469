package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.storyboard.StoryboardResult;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.temporal.WorkflowIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HistorySizeTest {

  private static final int SHOTS = 100;
  private static final int LARGEST_STORYBOARD = 500;
  private static final int HISTORY_WARNING = 10_240;

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void theStoryboardHistoryGrowsSlowlyEnoughForFiveHundredShots() {
    StringBuilder yaml = new StringBuilder("""
        title: Long
        review: {keyframes: auto, clips: auto}
        shots:
        """);
    for (int i = 0; i < SHOTS; i++) {
      // every other shot continues from the one before it, so frames flow through the parent too
      String start = i % 2 == 1 ? "{from: s" + (i - 1) + "}" : "{prompt: k}";
      yaml.append("  - {id: s").append(i).append(", prompt: p, start_frame: ").append(start).append("}\n");
    }
    long started = System.nanoTime();
    h.start("long", yaml.toString());
    StoryboardResult result = h.result("long");
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertEquals(StoryboardState.COMPLETED, result.state());
    assertEquals(SHOTS, h.media.assemblies.get(0).shots().size());
    int events = h.client.fetchHistory(WorkflowIds.storyboard("long")).getEvents().size();
    double perShot = (double) events / SHOTS;
    System.out.printf("%d shots: %d storyboard events (%.1f per shot) in %d ms%n", SHOTS, events, perShot, millis);
    assertTrue(perShot * LARGEST_STORYBOARD < HISTORY_WARNING,
        events + " events for " + SHOTS + " shots would exceed " + HISTORY_WARNING + " at " + LARGEST_STORYBOARD);
  }
}
