package io.shotflow.api.storyboard;

import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.shotflow.api.ApiDocumentation;
import io.shotflow.api.problem.ProblemResponses;
import io.shotflow.api.problem.ApiProblem;
import io.shotflow.api.problem.ApiProblemHandler;
import io.shotflow.api.problem.ProblemDocument;
import io.shotflow.api.security.Roles;
import io.shotflow.catalog.StoryboardCatalog;
import io.shotflow.catalog.StoryboardRow;
import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Subjects;
import io.shotflow.review.Verdict;
import io.shotflow.shot.ShotStatus;
import io.shotflow.shot.ShotWorkflow;
import io.shotflow.spec.InputLimits;
import io.shotflow.spec.SpecValidationException;
import io.shotflow.spec.SpecValidator;
import io.shotflow.spec.StoryboardSpecParser;
import io.shotflow.storyboard.StoryboardWorkflow;
import io.shotflow.temporal.WorkflowIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.time.Instant;
import java.util.Map;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reading storyboards and acting on running ones: reviews, budget, cancel. */
@Controller("/api/storyboards")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = ApiDocumentation.STORYBOARDS)
public class StoryboardController {

  private static final StoryboardSpecParser SPECS = new StoryboardSpecParser();

  private final StoryboardCatalog catalog;
  private final StoryboardStatusService statuses;
  private final WorkflowClient client;

  public StoryboardController(StoryboardCatalog catalog, StoryboardStatusService statuses, WorkflowClient client) {
    this.catalog = catalog;
    this.statuses = statuses;
    this.client = client;
  }

  @Get
  @Secured(SecurityRule.IS_AUTHENTICATED)
  @Operation(operationId = "listStoryboards", summary = "List storyboards",
      description = "Every storyboard the catalog knows, newest first, with its state, spend and how many subjects "
          + "wait for a reviewer. Works without "
          + "Temporal's visibility store. Any role.")
  @ApiResponse(responseCode = "200", description = "The storyboards")
  @ProblemResponses.TokenRequired
  public List<StoryboardSummary> list() {
    Map<String, Integer> pending = catalog.pendingReviewCounts();
    return catalog.list().stream().map(row -> StoryboardSummary.of(row, pending.getOrDefault(row.id(), 0))).toList();
  }

  @Get("/{id}")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  @Operation(operationId = "getStoryboard", summary = "Get a storyboard's status",
      description = "Its state, the stage and takes of each shot, the reviews it waits on, spend against budget, "
          + "and links to the cut and exports once assembled. Any role.")
  @ApiResponse(responseCode = "200", description = "The storyboard's status")
  @ProblemResponses.TokenRequired
  @ProblemResponses.UnknownStoryboard
  public StoryboardView status(@PathVariable String id) {
    return statuses.status(id).orElseThrow(() -> unknown(id));
  }

  @Post("/{id}/reviews")
  @Secured({Roles.REVIEWER, Roles.ADMIN})
  @Tag(name = ApiDocumentation.REVIEWS)
  @Operation(operationId = "reviewStoryboard", summary = "Approve or reject a subject",
      description = "Decides a subject the storyboard waits on (`keyframe:<shot>:<start|end>`, `clip:<shot>`, "
          + "`extend:<shot>:<n>`, `lip_sync:<shot>`, `character:<id>:<n>`). A reject with a revised `prompt` regenerates only that "
          + "subject. The decision is recorded with the reviewer's name. Roles `reviewer` or `admin`.")
  @ApiResponse(responseCode = "200", description = "The storyboard's status after the decision")
  @ApiResponse(responseCode = "400",
      description = "`subject` or `verdict` missing or invalid, the subject names no shot of this storyboard, or a "
          + "field is over its limit (`subject` 200, `take` 128, `note` 4,000 characters, `prompt` the model's limit)",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  @ProblemResponses.ReviewerOrAdmin
  @ProblemResponses.UnknownStoryboard
  @ApiResponse(responseCode = "409",
      description = "The subject is not awaiting review, or the take is not one of its takes",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  public StoryboardView review(@PathVariable String id, @Body ReviewRequest body, Authentication authentication) {
    StoryboardRow row = catalog.storyboard(id).orElseThrow(() -> unknown(id));
    if (body.subject() == null || body.subject().isBlank()) {
      throw ApiProblem.badRequest("subject", "is required, e.g. clip:<shot> or keyframe:<shot>:start");
    }
    withinLimits(body, row);
    String shot = Subjects.shotOf(body.subject());
    if (shot == null || !catalog.hasShot(id, shot)) {
      throw ApiProblem.badRequest("subject", "'" + body.subject() + "' does not name a shot of storyboard " + id);
    }
    Verdict verdict = verdict(body.verdict());
    String policy = blankToNull(body.policy());
    if (policy != null && !ReviewDecision.CLI_AUTO_APPROVE.equals(policy)) {
      throw ApiProblem.badRequest("policy", "must be " + ReviewDecision.CLI_AUTO_APPROVE
          + " or absent (a person's decision)");
    }
    ReviewDecision decision = new ReviewDecision(body.subject(), blankToNull(body.take()), verdict,
        blankToNull(body.note()), blankToNull(body.prompt()), authentication.getName(), Instant.now().toString(),
        policy);
    ShotStatus reviewed;
    try {
      reviewed = client.newWorkflowStub(ShotWorkflow.class, WorkflowIds.shot(id, shot)).review(decision);
    } catch (WorkflowUpdateException e) {
      throw ApiProblem.conflict(TemporalFailures.rejection(e));
    } catch (WorkflowException e) {
      if (TemporalFailures.notRunning(e)) {
        throw ApiProblem.conflict(body.subject() + " is not awaiting review: shot " + shot + " is not running");
      }
      throw e;
    }
    // the update answered with the reviewed shot's state: no need to ask it again
    return statuses.status(id, Map.of(shot, reviewed)).orElseThrow(() -> unknown(id));
  }

  @Post("/{id}/budget")
  @Secured({Roles.PRODUCER, Roles.ADMIN})
  @Operation(operationId = "setBudget", summary = "Change a running storyboard's budget",
      description = "Sets the hard cap on spend. Spend requests held for budget that now fit are granted, so a "
          + "storyboard paused on its budget goes on. Roles `producer` or `admin`.")
  @ApiResponse(responseCode = "200", description = "The storyboard's status with the new budget")
  @ApiResponse(responseCode = "400",
      description = "`budget_usd` missing, negative, over 99999999.9999 or with more than 4 decimal places",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  @ProblemResponses.ProducerOrAdmin
  @ProblemResponses.UnknownStoryboard
  @ApiResponse(responseCode = "409",
      description = "The storyboard is not running, or the budget is below what is already committed to its shots",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  public StoryboardView budget(@PathVariable String id, @Body BudgetRequest body) {
    StoryboardRow row = catalog.storyboard(id).orElseThrow(() -> unknown(id));
    if (body.budgetUsd() == null) {
      throw ApiProblem.badRequest("budget_usd", "is required");
    }
    InputLimits.money(body.budgetUsd()).ifPresent(problem -> {
      throw ApiProblem.badRequest("budget_usd", problem);
    });
    try {
      client.newWorkflowStub(StoryboardWorkflow.class, row.workflowId()).setBudget(body.budgetUsd());
    } catch (WorkflowUpdateException e) {
      throw ApiProblem.conflict(TemporalFailures.rejection(e));
    } catch (WorkflowException e) {
      if (TemporalFailures.notRunning(e)) {
        throw ApiProblem.conflict("storyboard " + id + " is not running");
      }
      throw e;
    }
    return status(id);
  }

  @Post("/{id}/cancel")
  @Secured({Roles.PRODUCER, Roles.ADMIN})
  @Operation(operationId = "cancelStoryboard", summary = "Cancel a running storyboard",
      description = "Cancels the storyboard's workflow and, with it, its shots. Roles `producer` or `admin`.")
  @ApiResponse(responseCode = "200", description = "The storyboard's status as the cancel is requested")
  @ProblemResponses.ProducerOrAdmin
  @ProblemResponses.UnknownStoryboard
  @ApiResponse(responseCode = "409", description = "The storyboard is not running",
      content = @Content(mediaType = ApiProblemHandler.PROBLEM_JSON,
          schema = @Schema(implementation = ProblemDocument.class)))
  public StoryboardView cancel(@PathVariable String id) {
    StoryboardRow row = catalog.storyboard(id).orElseThrow(() -> unknown(id));
    try {
      WorkflowStub workflow = client.newUntypedWorkflowStub(row.workflowId());
      // some servers accept a cancel request for a closed workflow; the answer must not depend on that
      if (workflow.describe().getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        throw ApiProblem.conflict("storyboard " + id + " is not running");
      }
      workflow.cancel("cancelled through the API");
    } catch (WorkflowException e) {
      if (TemporalFailures.notRunning(e)) {
        throw ApiProblem.conflict("storyboard " + id + " is not running");
      }
      throw e;
    }
    return status(id);
  }

  /**
   * Every field within its column ({@code review.subject}, {@code take_id}) or bound ({@link InputLimits}), and a
   * revised prompt within the shortest limit of the storyboard's models (its own and its shots'), as its spec's
   * prompts were.
   */
  private static void withinLimits(ReviewRequest body, StoryboardRow row) {
    text("subject", body.subject(), InputLimits.MAX_SUBJECT_CHARS);
    text("take", body.take(), InputLimits.MAX_TAKE_ID_CHARS);
    text("note", body.note(), InputLimits.MAX_NOTE_CHARS);
    if (body.prompt() != null) {
      SpecValidator.PromptLimit limit = promptLimit(row);
      if (body.prompt().length() > limit.maxChars()) {
        throw ApiProblem.badRequest("prompt", "at most " + limit.maxChars() + " characters for " + limit.of()
            + ", not " + body.prompt().length());
      }
      text("prompt", body.prompt(), limit.maxChars());
    }
  }

  private static void text(String field, String value, int maxChars) {
    InputLimits.text(value, maxChars).ifPresent(problem -> {
      throw ApiProblem.badRequest(field, problem);
    });
  }

  /** The prompt limit of the storyboard's spec as accepted; the largest any model takes if the spec cannot be read. */
  private static SpecValidator.PromptLimit promptLimit(StoryboardRow row) {
    if (row.specJson() != null) {
      try {
        return SpecValidator.promptLimit(SPECS.parse(row.specJson(), false));
      } catch (SpecValidationException e) {
        // a stored spec the reader refuses: the bound every model fits
      }
    }
    return new SpecValidator.PromptLimit(InputLimits.MAX_PROMPT_CHARS, "any model");
  }

  static ApiProblem unknown(String id) {
    return ApiProblem.notFound("no storyboard " + id);
  }

  private static Verdict verdict(String value) {
    if (value == null || value.isBlank()) {
      throw ApiProblem.badRequest("verdict", "is required: approve or reject");
    }
    try {
      return Verdict.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("verdict", "'" + value + "' is not one of "
          + Arrays.stream(Verdict.values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
