package io.shotflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** One terminal line of progress: redrawn in place on a terminal, printed on change otherwise (CI logs). */
final class ProgressBar {

  private static final List<String> STAGES = List.of(
      "queued", "waiting_for_continuity", "keyframes", "keyframe_review", "clip", "clip_review",
      "extend", "extend_review", "lip_sync", "lip_sync_review", "done");
  private static final int WIDTH = 28;

  private final PrintStream out;
  private final boolean terminal;
  private String last = "";
  /** A shot's stage can step back for a moment (a reviewed subject resumes generation); the bar does not. */
  private int shown;

  ProgressBar(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  void update(JsonNode status) {
    shown = Math.max(shown, percent(status));
    String line = render(status, shown);
    if (line.equals(last)) {
      return;
    }
    last = line;
    if (terminal) {
      out.print("\r\033[2K" + line);
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Ends the in-place line so that what follows starts on a fresh one. */
  void finish() {
    if (terminal && !last.isEmpty()) {
      out.println();
      // the bar is drawn again below what is printed next, even when nothing changed
      last = "";
    }
  }

  static int percent(JsonNode status) {
    String state = status.path("state").asText();
    if ("completed".equals(state)) {
      return 100;
    }
    JsonNode shots = status.path("shots");
    if (shots.isEmpty()) {
      return 0;
    }
    double sum = 0;
    for (JsonNode shot : shots) {
      sum += shotFraction(shot.path("stage").asText());
    }
    // the last 5% is assembly
    return (int) Math.floor(95 * sum / shots.size());
  }

  private static double shotFraction(String stage) {
    if ("skipped".equals(stage) || "cancelled".equals(stage)) {
      return 1;
    }
    int index = STAGES.indexOf(stage);
    return index < 0 ? 0.5 : (double) index / (STAGES.size() - 1);
  }

  private static String render(JsonNode status, int pct) {
    int filled = pct * WIDTH / 100;
    StringBuilder line = new StringBuilder("[")
        .append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
        .append(String.format(Locale.ROOT, "%3d%% ", pct))
        .append(status.path("state").asText());
    for (JsonNode shot : status.path("shots")) {
      line.append("  ").append(shot.path("id").asText()).append(':').append(shot.path("stage").asText());
    }
    JsonNode budget = status.path("budget_usd");
    line.append(String.format(Locale.ROOT, "  $%.2f", status.path("spend_usd").asDouble()));
    if (!budget.isMissingNode() && !budget.isNull()) {
      line.append(String.format(Locale.ROOT, "/$%.2f", budget.asDouble()));
    }
    return line.toString();
  }
}
