package io.shotflow.workflows.shot;

import static io.shotflow.workflows.shot.Fixtures.image;
import static io.shotflow.workflows.shot.Fixtures.providerError;
import static io.shotflow.workflows.shot.Fixtures.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activity.CatalogActivities.ReviewRecord;
import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderJob;
import io.shotflow.provider.RateCard;
import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Verdict;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.SpendGrant;
import io.shotflow.shot.Take;
import io.temporal.failure.ActivityFailure;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TakeLoopTest {

  /**
   * Waits that run the next scripted action (a reviewer's answer, the storyboard's grant) whenever the loop waits for
   * something that has not happened; {@link #DEADLINE} lets a review's deadline pass. Calls run one after the other.
   */
  private static final class ScriptedWaits implements TakeLoop.Waits {
    static final Runnable DEADLINE = () -> {};
    final Deque<Runnable> script = new ArrayDeque<>();
    long now = 1_767_261_600_000L;

    @Override
    public boolean until(Duration timeout, BooleanSupplier done) {
      if (!done.getAsBoolean() && !script.isEmpty()) {
        script.poll().run();
      }
      if (!done.getAsBoolean()) {
        now += timeout.toMillis();
        return false;
      }
      return true;
    }

    @Override
    public void until(BooleanSupplier done) {
      if (!done.getAsBoolean()) {
        assertFalse(script.isEmpty(), "the loop waits for something the test does not answer");
        script.poll().run();
      }
      assertTrue(done.getAsBoolean(), "the scripted answer does not end the wait");
    }

    @Override
    public <T> List<T> all(List<Supplier<T>> calls) {
      return calls.stream().map(Supplier::get).toList();
    }

    @Override
    public long now() {
      return now;
    }
  }

  /** Provider calls that make a take for every request, except where a provider's submit is scripted to fail. */
  private static final class Providers implements ProviderRouter.Calls {
    final Map<String, Deque<ActivityFailure>> submitFailures = new HashMap<>();
    final Deque<ActivityFailure> awaitFailures = new ArrayDeque<>();
    final List<GenerationRequest> submitted = new ArrayList<>();
    final List<String> awaited = new ArrayList<>();
    String cost = "0.49";

    void failNext(String provider, ActivityFailure failure) {
      submitFailures.computeIfAbsent(provider, p -> new ArrayDeque<>()).add(failure);
    }

    void failNextWait(ActivityFailure failure) {
      awaitFailures.add(failure);
    }

    @Override
    public ProviderJob submit(String provider, String summary, boolean last, GenerationRequest request) {
      submitted.add(request);
      ActivityFailure failure = submitFailures.getOrDefault(provider, new ArrayDeque<>()).poll();
      if (failure != null) {
        throw failure;
      }
      return new ProviderJob(provider, "job-" + submitted.size(), request.idempotencyKey());
    }

    @Override
    public GenerationResult await(String provider, String summary, ProviderJob job, GenerationRequest request) {
      awaited.add(job.jobId());
      ActivityFailure failure = awaitFailures.poll();
      if (failure != null) {
        throw failure;
      }
      return result(provider, job.jobId(), cost);
    }
  }

  private static final class RecordingEffects implements TakeLoop.Effects, ShotStatusPublisher.Effects {
    final List<Take> takes = new ArrayList<>();
    final List<ReviewRecord> reviews = new ArrayList<>();
    final List<BigDecimal> spends = new ArrayList<>();
    final List<String> spendRequests = new ArrayList<>();
    final List<String> stages = new ArrayList<>();
    final List<String> details = new ArrayList<>();

    @Override
    public void recordTake(Take take) {
      takes.add(take);
    }

    @Override
    public void recordReview(ReviewRecord record) {
      reviews.add(record);
    }

    @Override
    public void spent(BigDecimal spend) {
      spends.add(spend);
    }

    @Override
    public void requestSpend(int seq, BigDecimal amount, String subject) {
      spendRequests.add(seq + ": $" + amount.toPlainString() + " for " + subject);
    }

    @Override
    public void currentDetails(String markdown) {}

    @Override
    public void stageChanged(ShotStage stage, boolean awaitingReview, String detail) {
      stages.add(stage.value());
    }

    @Override
    public void recordStage(ShotStageRecord record) {
      details.add(record.detail());
    }
  }

  private final ScriptedWaits waits = new ScriptedWaits();
  private final Providers providers = new Providers();
  private final RecordingEffects effects = new RecordingEffects();
  private final ShotTakes takes = new ShotTakes();
  private ReviewGates gates;
  private ShotBudget budget;
  private GenerationRequests requests;
  private TakeLoop loop;

  /** A loop for shot "a" under the gates and deadline policy given, with {@code allowance} and fallbacks. */
  private void setUp(String keyframes, String clips, String onDeadline, String allowance, String... fallbacks) {
    var settings = Fixtures.settings(Fixtures.review(keyframes, clips, onDeadline), fallbacks);
    gates = new ReviewGates("sb", "a", settings.review());
    budget = new ShotBudget(new BigDecimal(allowance), RateCard.defaults(), Fixtures.CAPABILITIES);
    requests = new GenerationRequests("sb", Fixtures.shot(), settings, Fixtures.CAPABILITIES);
    ProviderRouter router = new ProviderRouter(settings.fallbackProviders(), Fixtures.CAPABILITIES, waits::now,
        providers);
    ShotStatusPublisher status = new ShotStatusPublisher("sb", "a", takes, gates, budget, effects);
    loop = new TakeLoop("a", takes, gates, budget, router, status, effects, waits,
        LoggerFactory.getLogger(TakeLoopTest.class));
  }

  /** The reviewer's answer, as the workflow's review handler takes it. */
  private Runnable reviewer(String subject, String take, Verdict verdict, String prompt) {
    return () -> effects.recordReview(gates.accept(
        new ReviewDecision(subject, take, verdict, null, prompt, "ana", "2026-01-01T10:05:00Z")));
  }

  @Test
  void underAnAutomaticGateTheFirstTakeGoesOnApprovedWithoutAReview() {
    setUp("auto", "auto", "pause", "10");

    Take keyframe = loop.produce(requests.keyframe("start"), "A closed box");

    assertEquals("kf-start-a1", keyframe.id());
    assertTrue(keyframe.approved());
    assertEquals(List.of(keyframe), effects.takes);
    assertEquals(List.of(keyframe), takes.all());
    assertTrue(effects.reviews.isEmpty());
    assertEquals(List.of("generating keyframe:a:start (attempt 1)"), effects.details);
  }

  @Test
  void aRejectRegeneratesWithTheRevisedPromptAndAnApprovalPicksTheNamedTake() {
    setUp("auto", "required", "pause", "10");
    waits.script.add(reviewer("clip:a", null, Verdict.REJECT, "Closer on the box"));
    waits.script.add(reviewer("clip:a", "clip-a2-v2", Verdict.APPROVE, null));

    Take approved = loop.produce(requests.clip(image("start"), null), "Camera pushes in");

    assertEquals("clip-a2-v2", approved.id());
    assertTrue(approved.approved());
    assertEquals(List.of("Camera pushes in", "Camera pushes in", "Closer on the box", "Closer on the box"),
        providers.submitted.stream().map(GenerationRequest::prompt).toList());
    assertEquals(List.of("sb/a/clip:a/a1/v1", "sb/a/clip:a/a1/v2", "sb/a/clip:a/a2/v1", "sb/a/clip:a/a2/v2"),
        providers.submitted.stream().map(GenerationRequest::idempotencyKey).toList());
    assertEquals(List.of("clip-a1-v1", "clip-a1-v2", "clip-a2-v1", "clip-a2-v2", "clip-a2-v2"),
        effects.takes.stream().map(Take::id).toList(), "four takes, then the approval");
    assertEquals(List.of(1, 2), effects.reviews.stream().map(ReviewRecord::sequence).toList());
    assertEquals(List.of("generating clip:a (attempt 1)", "awaiting review of clip:a", "awaiting review of clip:a",
        "generating clip:a (attempt 2)", "awaiting review of clip:a", "awaiting review of clip:a"), effects.details,
        "a stage record when a review opens and when it closes");
    assertTrue(gates.pending().isEmpty());
  }

  @Test
  void anApprovalWithoutATakeApprovesTheFirst() {
    setUp("auto", "required", "pause", "10");
    waits.script.add(reviewer("clip:a", null, Verdict.APPROVE, null));

    assertEquals("clip-a1-v1", loop.produce(requests.clip(image("start"), null), "p").id());
  }

  @Test
  void aFailureWaitsForADecisionAndARetryRegenerates() {
    setUp("auto", "auto", "pause", "10");
    providers.failNext("kling", providerError("CONTENT_POLICY", "prompt refused"));
    waits.script.add(() -> {
      assertTrue(gates.awaitingDecision(), "a decision, not a take review");
      reviewer("keyframe:a:start", null, Verdict.RETRY, null).run();
    });

    Take keyframe = loop.produce(requests.keyframe("start"), "A closed box");

    assertEquals("kf-start-a2", keyframe.id());
    assertEquals(List.of("keyframes", "awaiting_decision", "keyframes"), effects.stages);
    assertTrue(effects.details.contains(
        "awaiting a decision on keyframe:a:start after CONTENT_POLICY: prompt refused"));
  }

  @Test
  void aSkipAfterAFailureEndsTheShot() {
    setUp("auto", "auto", "pause", "10");
    providers.failNext("kling", providerError("JOB_FAILED", "broke"));
    waits.script.add(reviewer("keyframe:a:start", null, Verdict.SKIP, null));

    ShotEnded end = assertThrows(ShotEnded.class, () -> loop.produce(requests.keyframe("start"), "A closed box"));

    assertEquals(ShotStage.SKIPPED, end.outcome());
    assertEquals("skipped by ana after JOB_FAILED: broke", end.getMessage());
  }

  @Test
  void aReviewPastItsDeadlineCancelsTheShotUnderCancel() {
    setUp("required", "auto", "cancel", "10");
    waits.script.add(ScriptedWaits.DEADLINE);

    ShotEnded end = assertThrows(ShotEnded.class, () -> loop.produce(requests.keyframe("start"), "A closed box"));

    assertEquals(ShotStage.CANCELLED, end.outcome());
    assertEquals("review of keyframe:a:start passed its deadline (on_deadline: cancel)", end.getMessage());
  }

  @Test
  void aReviewPastItsDeadlineApprovesTheFirstTakeUnderAutoApprove() {
    setUp("auto", "required", "auto_approve", "10");
    waits.script.add(ScriptedWaits.DEADLINE);

    Take approved = loop.produce(requests.clip(image("start"), null), "p");

    assertEquals("clip-a1-v1", approved.id());
    assertEquals(1, effects.reviews.size());
    assertEquals("deadline", effects.reviews.get(0).decision().reviewer());
    assertEquals("2026-01-01T11:00:00Z", effects.reviews.get(0).decision().decidedAt(), "when the deadline passed");
  }

  @Test
  void aReviewPastItsDeadlinePausesUntilAHumanAnswersUnderPause() {
    setUp("required", "auto", "pause", "10");
    waits.script.add(ScriptedWaits.DEADLINE);
    waits.script.add(reviewer("keyframe:a:start", null, Verdict.APPROVE, null));

    Take approved = loop.produce(requests.keyframe("start"), "A closed box");

    assertEquals("kf-start-a1", approved.id());
    assertEquals(List.of("keyframe_review", "paused", "keyframes"), effects.stages.subList(1, 4));
    assertTrue(effects.details.contains("paused: review of keyframe:a:start passed its deadline"));
    assertFalse(gates.anyPaused());
  }

  @Test
  void aRoundBeyondTheAllowanceAsksTheStoryboardAndARefusalSkipsTheShot() {
    setUp("auto", "auto", "pause", "0.50");
    waits.script.add(() -> budget.answer(new SpendGrant(1, false)));

    ShotEnded end = assertThrows(ShotEnded.class, () -> loop.produce(requests.clip(image("start"), null), "p"));

    assertEquals(List.of("1: $0.48 for clip:a"), effects.spendRequests);
    assertTrue(effects.stages.contains("awaiting_budget"));
    assertEquals(ShotStage.SKIPPED, end.outcome());
    assertEquals("the storyboard refused $0.48 for clip:a", end.getMessage());
    assertTrue(providers.submitted.isEmpty(), "nothing generated without the money");
  }

  @Test
  void aGrantedShortfallGoesOnAndTheSpendFollowsTheTakes() {
    setUp("auto", "auto", "pause", "0.50");
    waits.script.add(() -> budget.answer(new SpendGrant(1, true)));

    loop.produce(requests.clip(image("start"), null), "p");

    assertEquals(List.of(new BigDecimal("0.49"), new BigDecimal("0.98")), effects.spends);
    assertFalse(budget.awaitingGrant());
  }

  @Test
  void aStandInPaysItsDifferenceAndTheDownProviderIsReported() {
    setUp("auto", "auto", "pause", "0.014", "fal");
    providers.failNext("kling", providerError("TRANSIENT", "502"));
    waits.script.add(() -> budget.answer(new SpendGrant(1, true)));

    Take keyframe = loop.produce(requests.keyframe("start"), "A closed box");

    assertEquals("kling→fal", keyframe.route());
    assertEquals(List.of("1: $0.011 for keyframe:a:start on fal"), effects.spendRequests);
    assertTrue(effects.details.contains(
        "kling is down for keyframe take kf-start-a1 (TRANSIENT: 502); failing over to fal"));
  }

  @Test
  void aRetryAfterAFullDiskCollectsTheSameJobAgainWithoutASecondSubmit() {
    setUp("auto", "auto", "pause", "10");
    providers.failNextWait(providerError("LOCAL_STORAGE", "No space left on device"));
    waits.script.add(reviewer("keyframe:a:start", null, Verdict.RETRY, null));

    Take keyframe = loop.produce(requests.keyframe("start"), "A closed box");

    assertEquals(1, providers.submitted.size(), "the finished job is not paid for twice");
    assertEquals(List.of("job-1", "job-1"), providers.awaited, "the retry collects job-1 again");
    assertEquals("kf-start-a2", keyframe.id());
    assertEquals("job-1", keyframe.providerJobId());
    assertEquals("kling", keyframe.route());
    assertEquals(new BigDecimal("0.49"), budget.spent(), "its cost counted once");
  }

  @Test
  void anOutputGoneSinceTheFullDiskIsSubmittedAgain() {
    setUp("auto", "auto", "pause", "10");
    providers.failNextWait(providerError("LOCAL_STORAGE", "No space left on device"));
    providers.failNextWait(providerError("OUTPUT_GONE", "output URL answered HTTP 403"));
    waits.script.add(reviewer("keyframe:a:start", null, Verdict.RETRY, null));

    Take keyframe = loop.produce(requests.keyframe("start"), "A closed box");

    assertEquals(List.of("sb/a/keyframe:a:start/a1/v1", "sb/a/keyframe:a:start/a2/v1"),
        providers.submitted.stream().map(GenerationRequest::idempotencyKey).toList());
    assertEquals(List.of("job-1", "job-1", "job-2"), providers.awaited);
    assertEquals("job-2", keyframe.providerJobId());
  }

  @Test
  void aFullDiskAgainAsksAgainAndARevisedPromptAfterItSubmitsAfresh() {
    setUp("auto", "auto", "pause", "10");
    providers.failNextWait(providerError("LOCAL_STORAGE", "No space left on device"));
    providers.failNextWait(providerError("LOCAL_STORAGE", "No space left on device"));
    waits.script.add(reviewer("keyframe:a:start", null, Verdict.RETRY, null));
    waits.script.add(reviewer("keyframe:a:start", null, Verdict.REJECT, "An open box"));

    Take keyframe = loop.produce(requests.keyframe("start"), "A closed box");

    assertEquals(List.of("A closed box", "An open box"),
        providers.submitted.stream().map(GenerationRequest::prompt).toList());
    assertEquals(List.of("job-1", "job-1", "job-2"), providers.awaited);
    assertEquals("kf-start-a3", keyframe.id());
  }
}
