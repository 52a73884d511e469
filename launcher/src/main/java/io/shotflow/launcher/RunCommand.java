package io.shotflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotflow.audit.AuditTrail;
import io.shotflow.review.ReviewDecision;
import io.shotflow.spec.SpecError;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The main job: starts the embedded stack, submits the spec through the API, shows progress, approves when
 * asked to, and writes the final cut and editor exports.
 */
@Command(name = "run", description = "Run a storyboard on the embedded stack and write the final cut.")
final class RunCommand implements Callable<Integer> {

  /** Output files by the key the status document's {@code outputs} uses. */
  static final Map<String, String> OUTPUT_FILES = outputFiles();
  private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled", "lost");
  private static final Duration POLL = Duration.ofMillis(300);

  @Parameters(index = "0", paramLabel = "SPEC", description = "storyboard spec (YAML or JSON)")
  Path specPath;

  @Option(names = "--auto-approve", description = "approve every pending review with its first take")
  boolean autoApprove;

  @Option(names = "--out", paramLabel = "DIR", description = "output folder (default out/<storyboard-id>/)")
  Path out;

  @Option(names = "--allow-files-outside-spec-folder",
      description = "let file: references name files outside the spec's folder (by default they must stay inside it)")
  boolean allowOutsideFiles;

  @Option(names = "--emulate-providers",
      description = "run every provider's emulator on loopback and point the adapters at them (try kling, fal, ... offline)")
  boolean emulateProviders;

  private final PrintStream console = System.out;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(specPath)) {
      System.err.println("error: spec file not found: " + specPath);
      return ExitCodes.INVALID_SPEC;
    }
    SpecFile spec = new SpecFile(specPath, allowOutsideFiles);
    List<SpecError> problems = spec.problems();
    if (!problems.isEmpty()) {
      printProblems(problems);
      return ExitCodes.INVALID_SPEC;
    }
    try (Stack stack = Stack.start(Stack.Role.ALL, Map.of(), emulateProviders)) {
      stack.printTemporal(console);
      stack.printEmulators(console);
      Tokens tokens = Tokens.of(stack.context());
      ApiClient api = new ApiClient(stack.baseUrl(), tokens.producer(), tokens.reviewer());
      JsonNode created;
      try {
        created = api.submit(spec.withUploadedFiles(api::uploadAsset));
      } catch (ApiClient.ApiException e) {
        if (e.status == 400 && e.problem != null) {
          printProblems(e.problem);
          return ExitCodes.INVALID_SPEC;
        }
        throw e;
      }
      String id = created.path("id").asText();
      console.printf("Storyboard %s (workflow %s), estimated cost $%.2f%n",
          id, created.path("workflow_id").asText(), created.path("estimated_cost_usd").asDouble());
      printEstimate(created.path("estimate"));
      console.printf("Review page: %s/review/%s%n", stack.baseUrl(), id);
      if (!autoApprove) {
        tokens.print(console);
        console.println("Waiting for reviews (approve or reject on the review page or through the API).");
      }
      return follow(api, id);
    }
  }

  /** The estimate per shot (its model, seconds, cost and cost per second) and per sheet, when anything costs. */
  private void printEstimate(JsonNode lines) {
    boolean paid = false;
    for (JsonNode line : lines) {
      paid |= line.path("usd").asDouble() > 0;
    }
    if (!paid) {
      return;
    }
    for (JsonNode line : lines) {
      if (line.path("seconds").asInt() > 0) {
        console.printf("  %-24s %-18s %3d s  $%.2f  ($%.3f/s)%n", line.path("id").asText(), line.path("model").asText(),
            line.path("seconds").asInt(), line.path("usd").asDouble(), line.path("usd_per_second").asDouble());
      } else {
        console.printf("  %-24s %-18s        $%.2f%n", line.path("id").asText(), line.path("model").asText(),
            line.path("usd").asDouble());
      }
    }
  }

  private int follow(ApiClient api, String id) throws Exception {
    ProgressBar bar = new ProgressBar(console, System.console() != null);
    Set<String> reported = new HashSet<>();
    JsonNode status = api.status(id);
    while (!TERMINAL.contains(status.path("state").asText())) {
      bar.update(status);
      for (JsonNode pending : status.path("pending_reviews")) {
        String subject = pending.path("subject").asText();
        JsonNode takes = pending.path("takes");
        if (!takes.isEmpty() && autoApprove) {
          approveFirstTake(api, id, subject, takes.get(0).asText());
        } else if (takes.isEmpty() && reported.add(subject + pending.path("since").asText())) {
          bar.finish();
          console.printf("%s needs a decision: %s%n", subject, pending.path("reason").asText());
          if (autoApprove) {
            console.println("--auto-approve does not decide provider failures; cancelling.");
            api.cancel(id);
            return ExitCodes.NEEDS_DECISION;
          }
        }
      }
      Thread.sleep(POLL.toMillis());
      status = api.status(id);
    }
    bar.update(status);
    bar.finish();
    String state = status.path("state").asText();
    if (!"completed".equals(state)) {
      console.printf("Storyboard %s ended %s. %s%n", id, state, status.path("detail").asText(""));
      return ExitCodes.NOT_COMPLETED;
    }
    Path dir = out != null ? out : Path.of("out", id);
    writeOutputs(api, status.path("outputs"), dir);
    console.printf("Done: %s  (spend $%.2f)%n", dir.resolve("final.mp4"), status.path("spend_usd").asDouble());
    return ExitCodes.OK;
  }

  /** A 409 means the subject was decided meanwhile (the review page, another client): nothing left to do for it. */
  private static void approveFirstTake(ApiClient api, String id, String subject, String take) throws Exception {
    try {
      api.review(id, subject, take, "approve", AuditTrail.CLI_AUTO_APPROVE_NOTE, null, ReviewDecision.CLI_AUTO_APPROVE);
    } catch (ApiClient.ApiException e) {
      if (e.status != 409) {
        throw e;
      }
    }
  }

  private void writeOutputs(ApiClient api, JsonNode outputs, Path dir) throws Exception {
    Files.createDirectories(dir);
    for (var entry : OUTPUT_FILES.entrySet()) {
      JsonNode url = outputs.path(entry.getKey());
      if (url.isTextual()) {
        api.download(url.asText(), dir.resolve(entry.getValue()));
      }
    }
    var files = outputs.path("files").fields();
    while (files.hasNext()) {
      var file = files.next();
      Path target = mediaPath(dir, file.getKey());
      Files.createDirectories(target.getParent());
      api.download(file.getValue().asText(), target);
    }
  }

  /**
   * Where a per-shot file goes: {@code relative} under {@code dir}. The path comes from the server, so one that is
   * absolute or climbs out of the folder is refused rather than written.
   */
  static Path mediaPath(Path dir, String relative) {
    Path base = dir.toAbsolutePath().normalize();
    Path target = base.resolve(relative).normalize();
    if (Path.of(relative).isAbsolute() || !target.startsWith(base) || target.equals(base)) {
      throw new IllegalArgumentException("refusing to write outside the output folder: " + relative);
    }
    return target;
  }

  private void printProblems(List<SpecError> problems) {
    System.err.println("error: the spec is invalid; nothing was started.");
    for (SpecError p : problems) {
      System.err.printf("  %s%s: %s%n", p.field(), p.shot() == null ? "" : " (shot " + p.shot() + ")", p.message());
    }
  }

  private void printProblems(JsonNode problem) {
    System.err.println("error: the API refused the spec; nothing was started.");
    for (JsonNode e : problem.path("errors")) {
      String shot = e.path("shot").asText("");
      System.err.printf("  %s%s: %s%n", e.path("field").asText(), shot.isEmpty() ? "" : " (shot " + shot + ")",
          e.path("message").asText());
    }
  }

  private static Map<String, String> outputFiles() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("final_cut", "final.mp4");
    files.put("timeline_otio", "timeline.otio");
    files.put("cut_edl", "cut.edl");
    files.put("cut_fcpxml", "cut.fcpxml");
    files.put("contact_sheet", "contact-sheet.png");
    files.put("manifest", "manifest.json");
    return files;
  }
}
