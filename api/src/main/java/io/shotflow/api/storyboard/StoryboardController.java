package io.shotflow.api.storyboard;

import io.micronaut.http.HttpStatus;
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
import io.shotflow.api.problem.ApiProblem;
import io.shotflow.api.security.Roles;
import io.shotflow.catalog.StoryboardCatalog;
import io.shotflow.catalog.StoryboardRow;
import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Subjects;
import io.shotflow.review.Verdict;
import io.shotflow.shot.ShotStatus;
import io.shotflow.shot.ShotWorkflow;
import io.shotflow.storyboard.StoryboardWorkflow;
import io.shotflow.temporal.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reading storyboards and acting on running ones: reviews, budget, cancel. */
@Controller("/api/storyboards")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StoryboardController {

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
  public List<StoryboardSummary> list() {
    return catalog.list().stream().map(StoryboardSummary::of).toList();
  }

  @Get("/{id}")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  public StoryboardView status(@PathVariable String id) {
    return statuses.status(id).orElseThrow(() -> unknown(id));
  }

  @Post("/{id}/reviews")
  @Secured({Roles.REVIEWER, Roles.ADMIN})
  public StoryboardView review(@PathVariable String id, @Body ReviewRequest body, Authentication authentication) {
    if (catalog.storyboard(id).isEmpty()) {
      throw unknown(id);
    }
    if (body.subject() == null || body.subject().isBlank()) {
      throw ApiProblem.badRequest("subject", "is required, e.g. clip:<shot> or keyframe:<shot>:start");
    }
    String shot = Subjects.shotOf(body.subject());
    if (shot == null || !catalog.hasShot(id, shot)) {
      throw ApiProblem.badRequest("subject", "'" + body.subject() + "' does not name a shot of storyboard " + id);
    }
    Verdict verdict = verdict(body.verdict());
    ReviewDecision decision = new ReviewDecision(body.subject(), blankToNull(body.take()), verdict,
        blankToNull(body.note()), blankToNull(body.prompt()), authentication.getName(), Instant.now().toString());
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
  public StoryboardView budget(@PathVariable String id, @Body BudgetRequest body) {
    StoryboardRow row = catalog.storyboard(id).orElseThrow(() -> unknown(id));
    if (body.budgetUsd() == null) {
      throw ApiProblem.badRequest("budget_usd", "is required");
    }
    if (body.budgetUsd().signum() < 0) {
      throw ApiProblem.badRequest("budget_usd", "must not be negative");
    }
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
