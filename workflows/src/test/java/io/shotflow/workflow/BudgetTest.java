package io.shotflow.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activity.CatalogActivities.StoryboardRecord;
import io.shotflow.provider.GenerationKind;
import io.shotflow.review.Subjects;
import io.shotflow.review.Verdict;
import io.shotflow.shot.ShotStage;
import io.shotflow.storyboard.StoryboardResult;
import io.shotflow.storyboard.StoryboardState;
import io.shotflow.storyboard.StoryboardStatus;
import io.shotflow.temporal.SearchAttributes;
import io.shotflow.temporal.WorkflowIds;
import io.temporal.client.WorkflowUpdateException;
import java.math.BigDecimal;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BudgetTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void aRegenerationBeyondTheAllowanceWaitsForAHigherBudget() throws InterruptedException {
    // kling pro: keyframe $0.014 + clip $0.49 = $0.504, exactly the budget
    h.start("bg", """
        title: Paid
        provider: kling
        tier: pro
        budget_usd: 0.504
        review: {keyframes: auto, clips: required}
        shots: [{id: a, prompt: p, start_frame: {prompt: k}}]
        """);
    String clip = Subjects.clip("a");
    h.awaitPending("bg", "a", clip);
    StoryboardStatus running = h.storyboard("bg").status();
    assertEquals(0, new BigDecimal("0.504").compareTo(running.estimatedCostUsd()));
    assertEquals(0, new BigDecimal("0.504").compareTo(running.spendUsd()));

    h.review("bg", "a", clip, null, Verdict.REJECT, "try again");

    StoryboardStatus paused = h.awaitStoryboard("bg", s -> s.state() == StoryboardState.PAUSED);
    assertEquals(ShotStage.AWAITING_BUDGET, paused.shots().get(0).stage());
    assertTrue(paused.detail().contains("need a higher budget"), paused.detail());
    assertEquals(ShotStage.AWAITING_BUDGET, h.shot("bg", "a").status().stage());
    StoryboardRecord held = Harness.eventually(() -> h.catalog.storyboards.get(h.catalog.storyboards.size() - 1),
        r -> Objects.equals(r.detail(), paused.detail()), "the held request in the catalog");
    var shotRecords = h.catalog.stages.stream().filter(s -> s.shotId().equals("a")).toList();
    assertEquals(ShotStage.AWAITING_BUDGET, shotRecords.get(shotRecords.size() - 1).stage());
    Thread.sleep(300);
    assertEquals(1, h.providers.requests("a", GenerationKind.CLIP).size(), "nothing is spent while the request is held");

    assertRefused(() -> h.storyboard("bg").setBudget(new BigDecimal("0.50")), "below the $0.504 already committed");
    assertRefused(() -> h.storyboard("bg").setBudget(BigDecimal.ZERO), "must be greater than 0");
    StoryboardStatus raised = h.storyboard("bg").setBudget(new BigDecimal("1.00"));
    assertEquals(StoryboardState.RUNNING, raised.state());
    assertEquals(0, new BigDecimal("0.994").compareTo(raised.spendUsd()), raised.toString());
    StoryboardRecord raisedRecord = h.catalog.storyboards.get(h.catalog.storyboards.size() - 1);
    assertEquals(0, new BigDecimal("1.00").compareTo(raisedRecord.budgetUsd()));
    assertEquals(0, new BigDecimal("0.994").compareTo(raisedRecord.spendUsd()), raisedRecord.toString());

    h.awaitPending("bg", "a", clip);
    h.review("bg", "a", clip, "clip-a2-v1", Verdict.APPROVE, null);
    StoryboardResult result = h.result("bg");

    assertEquals(StoryboardState.COMPLETED, result.state());
    assertEquals(0, new BigDecimal("0.994").compareTo(result.spendUsd()), result.toString());
    assertEquals(0.994, h.client.newUntypedWorkflowStub(WorkflowIds.storyboard("bg")).describe()
        .getTypedSearchAttributes().get(SearchAttributes.SPEND_USD), 1e-9);
    assertEquals(0.994, h.client.newUntypedWorkflowStub(WorkflowIds.shot("bg", "a")).describe()
        .getTypedSearchAttributes().get(SearchAttributes.SPEND_USD), 1e-9);
    var last = h.catalog.storyboards.get(h.catalog.storyboards.size() - 1);
    assertEquals(0, new BigDecimal("1.00").compareTo(last.budgetUsd()));
    assertEquals(0, new BigDecimal("0.994").compareTo(last.spendUsd()));
  }

  @Test
  void aJobThatCostMoreThanItsReservationIsAskedForBeforeTheNextSubmitInsteadOfOverrunning() {
    // kling pro: keyframe $0.014 + clip $0.49 + extend $0.49 = $0.994, exactly the budget; Kling then deducts 7 units
    // ($0.98) for the 5 s clip, twice its price list: the naive plan would submit the extend and spend $1.484
    h.providers.charging(r -> r.kind() == GenerationKind.CLIP, new BigDecimal("0.98"));
    h.start("over", """
        title: Surprise
        provider: kling
        tier: pro
        budget_usd: 0.994
        review: {keyframes: auto, clips: auto}
        shots: [{id: a, prompt: p, start_frame: {prompt: k}, extend: [{prompt: e}]}]
        """);

    StoryboardStatus paused = h.awaitStoryboard("over", s -> s.state() == StoryboardState.PAUSED);

    assertEquals(ShotStage.AWAITING_BUDGET, paused.shots().get(0).stage());
    assertTrue(paused.detail().contains("need a higher budget"), paused.detail());
    assertEquals(0, new BigDecimal("0.994").compareTo(h.shot("over", "a").status().spendUsd()),
        "the keyframe and the costly clip, no more: the clip's extra $0.49 took the extend's allowance");
    assertTrue(h.shot("over", "a").status().detail().contains("$0.49 more for extend:a:1"),
        h.shot("over", "a").status().detail());
    assertEquals(0, h.providers.requests("a", GenerationKind.EXTEND).size(), "nothing submitted beyond the budget");

    StoryboardStatus raised = h.storyboard("over").setBudget(new BigDecimal("1.50"));
    assertEquals(StoryboardState.RUNNING, raised.state());
    StoryboardResult result = h.result("over");
    assertEquals(StoryboardState.COMPLETED, result.state());
    assertEquals(0, new BigDecimal("1.484").compareTo(result.spendUsd()), result.toString());
    assertTrue(result.spendUsd().compareTo(new BigDecimal("1.50")) <= 0);
  }

  @Test
  void freeProvidersNeverAskForBudget() {
    h.start("fr", """
        title: Free
        review: {keyframes: auto, clips: required}
        shots: [{id: a, prompt: p, start_frame: {prompt: k}}]
        """);
    String clip = Subjects.clip("a");
    h.awaitPending("fr", "a", clip);
    h.review("fr", "a", clip, null, Verdict.REJECT, null);
    h.awaitPending("fr", "a", clip);
    h.review("fr", "a", clip, null, Verdict.APPROVE, null);
    assertEquals(StoryboardState.COMPLETED, h.result("fr").state());
    assertTrue(h.catalog.stages.stream().noneMatch(s -> s.stage() == ShotStage.AWAITING_BUDGET));
  }

  private static void assertRefused(Runnable call, String message) {
    WorkflowUpdateException e = assertThrows(WorkflowUpdateException.class, call::run);
    assertTrue(e.getCause().getMessage().contains(message), e.getCause().getMessage());
  }
}
