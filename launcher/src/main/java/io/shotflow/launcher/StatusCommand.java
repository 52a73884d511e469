package io.shotflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./shotflow status [ID]}: the storyboards of a running API, or one storyboard's status. */
@Command(name = "status", description = "List the storyboards of a running API, or show one storyboard's status.")
final class StatusCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "the storyboard (all of them when absent)")
  String id;

  @Option(names = "--json", description = "print the API's JSON document as it is (for scripts)")
  boolean json;

  @Mixin RemoteApi remote;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    String storyboard = id == null ? null : remote.storyboardId(id);
    return remote.call(RemoteApi.ANY_ROLE, api -> {
      JsonNode document = storyboard == null ? api.list() : api.status(storyboard);
      if (json) {
        out.println(JSON.writeValueAsString(document));
      } else if (storyboard == null) {
        printList(document);
      } else {
        printStatus(api, document);
      }
      return ExitCodes.OK;
    });
  }

  private void printList(JsonNode storyboards) {
    if (storyboards.isEmpty()) {
      out.println("No storyboards yet.");
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "TITLE", "STATE", "SPEND/BUDGET", "REVIEWS"});
    for (JsonNode s : storyboards) {
      rows.add(new String[] {s.path("id").asText(), s.path("title").asText("-"), s.path("state").asText(),
          spend(s), String.valueOf(s.path("pending_review_count").asInt())});
    }
    printTable(rows);
  }

  private void printStatus(ApiClient api, JsonNode s) {
    String title = s.path("title").asText("");
    out.printf("Storyboard %s%s%n", s.path("id").asText(), title.isEmpty() ? "" : "  \"" + title + "\"");
    out.printf("State: %s   progress %d%%   spend %s%s%n", s.path("state").asText(), s.path("progress_percent").asInt(),
        spend(s), s.path("estimated_cost_usd").isNumber()
            ? String.format(Locale.ROOT, " (estimated $%.2f)", s.path("estimated_cost_usd").asDouble()) : "");
    String detail = s.path("detail").asText("");
    if (!detail.isEmpty()) {
      out.println("Detail: " + detail);
    }
    out.println("Shots:");
    List<String[]> rows = new ArrayList<>();
    for (JsonNode shot : s.path("shots")) {
      List<String> takes = new ArrayList<>();
      for (JsonNode take : shot.path("takes")) {
        takes.add(take.path("id").asText() + (take.path("approved").asBoolean() ? " (approved)" : ""));
      }
      String shotDetail = shot.path("detail").asText("");
      rows.add(new String[] {"  " + shot.path("id").asText(), shot.path("stage").asText(),
          String.format(Locale.ROOT, "$%.2f", shot.path("spend_usd").asDouble()),
          (takes.isEmpty() ? "no takes" : "takes: " + String.join(", ", takes))
              + (shotDetail.isEmpty() ? "" : "  " + shotDetail)});
    }
    printTable(rows);
    JsonNode pending = s.path("pending_reviews");
    if (!pending.isEmpty()) {
      out.println("Pending reviews:");
      for (JsonNode review : pending) {
        out.println("  " + describePending(review));
      }
      out.printf("Review page: %s/review/%s  (or ./shotflow review %s SUBJECT approve|reject)%n",
          api.baseUrl(), s.path("id").asText(), s.path("id").asText());
    }
    JsonNode outputs = s.path("outputs");
    if (outputs.isObject()) {
      out.println("Outputs:");
      for (var entry : RunCommand.OUTPUT_FILES.entrySet()) {
        JsonNode url = outputs.path(entry.getKey());
        if (url.isTextual()) {
          out.printf("  %-15s %s%n", entry.getValue(), api.absolute(url.asText()));
        }
      }
    }
  }

  /** One pending subject: its takes to pick from, or why it waits for a decision. */
  static String describePending(JsonNode review) {
    String subject = review.path("subject").asText();
    List<String> takes = new ArrayList<>();
    review.path("takes").forEach(t -> takes.add(t.asText()));
    String deadline = review.path("deadline").asText("");
    String until = deadline.isEmpty() ? "" : "  (deadline " + deadline + ")";
    if (takes.isEmpty()) {
      return subject + "  needs a decision after " + review.path("reason").asText("a failure")
          + ": retry, reject --prompt P, or skip" + until;
    }
    return subject + "  takes: " + String.join(", ", takes) + until;
  }

  static String spend(JsonNode s) {
    String spend = String.format(Locale.ROOT, "$%.2f", s.path("spend_usd").asDouble());
    JsonNode budget = s.path("budget_usd");
    return budget.isNumber() ? spend + String.format(Locale.ROOT, "/$%.2f", budget.asDouble()) : spend;
  }

  /** Left-aligned columns as wide as their widest cell; the last column is not padded. */
  private void printTable(List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == columns - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
