package io.shotflow.bench.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/** Kling storyboards for the topology, and waiting for them to end as a reviewer would (approving what waits). */
public final class TopologyStoryboards {

  private static final Set<String> ENDED = Set.of("completed", "failed", "cancelled");

  private TopologyStoryboards() {}

  /**
   * A Kling 2.1 storyboard of {@code shots} five-second shots, each from a prompted start frame (a keyframe job, then a
   * clip job); the first shot gets {@code extends} extend steps (a clip from its last frame, then a join). Keyframe
   * reviews are {@code required} when {@code reviewKeyframes}, else automatic; every other gate is automatic. Every
   * prompt starts with {@code [marker]}, so the provider's traffic tells whose job it is ({@link #marked}).
   */
  public static String kling(String marker, int shots, int extendSteps, boolean reviewKeyframes) {
    StringJoiner list = new StringJoiner(",\n");
    for (int i = 1; i <= shots; i++) {
      StringBuilder shot = new StringBuilder()
          .append("{\"id\": \"s").append(i).append("\", \"prompt\": \"[").append(marker)
          .append("] Camera pushes in on object ").append(i)
          .append("\", \"duration\": 5, \"start_frame\": {\"prompt\": \"[").append(marker)
          .append("] A steel watch number ").append(i)
          .append(" on a pedestal\"}");
      if (i == 1 && extendSteps > 0) {
        StringJoiner steps = new StringJoiner(", ", "[", "]");
        for (int n = 1; n <= extendSteps; n++) {
          steps.add("{\"prompt\": \"[" + marker + "] Slow orbit, part " + n + "\"}");
        }
        shot.append(", \"extend\": ").append(steps);
      }
      list.add(shot.append('}'));
    }
    return """
        {"title": "%s", "provider": "kling", "tier": "pro", "budget_usd": 50,
         "review": {"keyframes": "%s", "clips": "auto", "lip_sync": "auto"},
         "shots": [%s]}
        """.formatted("Storyboard " + marker, reviewKeyframes ? "required" : "auto", list);
  }

  /** True for a submit whose prompt carries {@code [marker]}. */
  public static java.util.function.Predicate<io.shotflow.emulator.common.EmulatorTraffic.Event> marked(String marker) {
    return e -> e.detail().startsWith("[" + marker + "]");
  }

  /** The workflow ids of a storyboard and of its shots {@code s1..sN} (as {@code WorkflowIds} names them). */
  public static List<String> workflowIds(String storyboardId, int shots) {
    List<String> ids = new ArrayList<>();
    ids.add("storyboard-" + storyboardId);
    for (int i = 1; i <= shots; i++) {
      ids.add("storyboard-" + storyboardId + "-shot-s" + i);
    }
    return ids;
  }

  /**
   * Polls the storyboard until it ends (approving each pending review with its first take when {@code approve}), and
   * returns its final status; an {@link IllegalStateException} with the last status when it does not end in time.
   */
  public static JsonNode awaitEnd(TopologyApi api, String id, Duration timeout, boolean approve)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode status = null;
    while (System.nanoTime() < deadline) {
      try {
        status = api.status(id);
        if (ENDED.contains(status.path("state").asText())) {
          return status;
        }
        if (approve) {
          for (JsonNode pending : status.path("pending_reviews")) {
            JsonNode takes = pending.path("takes");
            api.approve(id, pending.path("subject").asText(), takes.isEmpty() ? null : takes.get(0).asText());
          }
        }
      } catch (IOException e) {
        // the API may be restarting; ask again
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("storyboard " + id + " did not end within " + timeout + "; last status: " + status);
  }

  /** Accepted takes in a final status: every take of every shot. */
  public static int takes(JsonNode status) {
    int n = 0;
    for (JsonNode shot : status.path("shots")) {
      n += shot.path("takes").size();
    }
    return n;
  }
}
