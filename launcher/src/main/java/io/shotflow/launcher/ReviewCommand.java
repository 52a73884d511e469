package io.shotflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./shotflow review ID SUBJECT VERDICT}: decides a subject a running storyboard waits on, as the review page
 * does, with a reviewer's (or an admin's) token.
 */
@Command(name = "review", description = "Approve or reject a subject a storyboard waits on (a reviewer's decision).")
final class ReviewCommand implements Callable<Integer> {

  /** The API's verdicts: approve or reject takes; after a provider failure (no takes) retry, reject or skip. */
  static final List<String> VERDICTS = List.of("approve", "reject", "retry", "skip");

  @Parameters(index = "0", paramLabel = "ID", description = "the storyboard")
  String id;

  @Parameters(index = "1", paramLabel = "SUBJECT",
      description = "what is decided: keyframe:<shot>:<start|end>, clip:<shot>, extend:<shot>:<n> or lip_sync:<shot>")
  String subject;

  @Parameters(index = "2", paramLabel = "VERDICT",
      description = "approve or reject; after a provider failure (a subject without takes): retry, reject or skip")
  String verdict;

  @Option(names = "--take", paramLabel = "T",
      description = "the take to approve (default: the subject's only take; required when it has several)")
  String take;

  @Option(names = "--note", paramLabel = "N", description = "the reviewer's note, kept with the decision")
  String note;

  @Option(names = "--prompt", paramLabel = "P", description = "with reject: the revised prompt to generate again with")
  String prompt;

  @Mixin RemoteApi remote;

  @Spec CommandSpec spec;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    String storyboard = remote.storyboardId(id);
    String chosenVerdict = verdict.trim().toLowerCase(Locale.ROOT);
    if (!VERDICTS.contains(chosenVerdict)) {
      throw new ParameterException(spec.commandLine(), "Invalid value for VERDICT: '" + verdict + "' is not one of "
          + VERDICTS + " (approve or reject a take; retry, reject or skip after a provider failure)");
    }
    if (subject.isBlank()) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for SUBJECT: required, e.g. clip:<shot> or keyframe:<shot>:start");
    }
    if (prompt != null && !"reject".equals(chosenVerdict)) {
      throw new ParameterException(spec.commandLine(), "Invalid value for option '--prompt': only reject takes a "
          + "revised prompt, not " + chosenVerdict);
    }
    return remote.call(RemoteApi.REVIEWER, api -> {
      String chosenTake = take;
      if (chosenTake == null && "approve".equals(chosenVerdict)) {
        List<String> takes = pendingTakes(api.status(storyboard), subject.trim());
        if (takes.size() > 1) {
          System.err.printf("error: %s has %d takes under review; name the one to approve with --take: %s%n",
              subject.trim(), takes.size(), String.join(", ", takes));
          return ExitCodes.USAGE;
        }
        // one take: that one; none (not pending, or a failure decision): the API says what it makes of it
        chosenTake = takes.isEmpty() ? null : takes.get(0);
      }
      JsonNode after = api.review(storyboard, subject.trim(), chosenTake, chosenVerdict, note, prompt, null);
      out.printf("%s %s%s. Storyboard %s is %s; %s%n", subject.trim(), pastTense(chosenVerdict),
          chosenTake == null ? "" : " (take " + chosenTake + ")", storyboard, after.path("state").asText(),
          pendingSummary(after.path("pending_reviews")));
      return ExitCodes.OK;
    });
  }

  /** The takes under review for {@code subject}; empty when it does not wait for review or waits after a failure. */
  static List<String> pendingTakes(JsonNode status, String subject) {
    List<String> takes = new ArrayList<>();
    for (JsonNode pending : status.path("pending_reviews")) {
      if (subject.equals(pending.path("subject").asText())) {
        pending.path("takes").forEach(t -> takes.add(t.asText()));
      }
    }
    return takes;
  }

  private static String pendingSummary(JsonNode pending) {
    if (pending.isEmpty()) {
      return "nothing else awaits review.";
    }
    List<String> subjects = new ArrayList<>();
    pending.forEach(p -> subjects.add(p.path("subject").asText()));
    return "awaiting review: " + String.join(", ", subjects) + ".";
  }

  private static String pastTense(String verdict) {
    return switch (verdict) {
      case "approve" -> "approved";
      case "reject" -> "rejected";
      case "retry" -> "sent back to retry";
      default -> "skipped";
    };
  }
}
