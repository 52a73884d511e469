package io.shotflow.workflows.shot;

import static io.shotflow.workflows.shot.Fixtures.image;
import static io.shotflow.workflows.shot.Fixtures.providerError;
import static io.shotflow.workflows.shot.Fixtures.result;
import static io.shotflow.workflows.shot.Fixtures.review;
import static io.shotflow.workflows.shot.Fixtures.settings;
import static io.shotflow.workflows.shot.Fixtures.timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderJob;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderRouterTest {

  /** Provider calls that answer from a script: a submit failure per provider, or a job; an await failure, or a result. */
  private static final class ScriptedCalls implements ProviderRouter.Calls {
    final Map<String, ActivityFailure> submitFailures = new HashMap<>();
    final Map<String, ActivityFailure> awaitFailures = new HashMap<>();
    final List<String> submits = new ArrayList<>();
    final List<GenerationRequest> requests = new ArrayList<>();

    @Override
    public ProviderJob submit(String provider, String summary, boolean last, GenerationRequest request) {
      submits.add(provider + (last ? " (last)" : "") + ": " + summary);
      requests.add(request);
      ActivityFailure failure = submitFailures.get(provider);
      if (failure != null) {
        throw failure;
      }
      return new ProviderJob(provider, "job-" + submits.size(), request.idempotencyKey());
    }

    @Override
    public GenerationResult await(String provider, String summary, ProviderJob job, GenerationRequest request) {
      ActivityFailure failure = awaitFailures.get(provider);
      if (failure != null) {
        throw failure;
      }
      return result(provider, job.jobId(), "0.49");
    }
  }

  private static final class RecordingListener implements ProviderRouter.Listener {
    final List<String> events = new ArrayList<>();

    @Override
    public void standingIn(Generation generation, String standIn) {
      events.add("stand-in " + standIn + " for " + generation.subject());
    }

    @Override
    public void down(String why, String next) {
      events.add("down: " + why + " -> " + next);
    }
  }

  private final ScriptedCalls calls = new ScriptedCalls();
  private final RecordingListener listener = new RecordingListener();
  private long now = 1_000_000;

  private ProviderRouter router(String... fallbacks) {
    return new ProviderRouter(List.of(fallbacks), Fixtures.CAPABILITIES, () -> now, calls);
  }

  private static Generation clip() {
    return new GenerationRequests("sb", Fixtures.shot(), settings(review("auto", "auto", "pause")),
        Fixtures.CAPABILITIES).clip(image("start"), null);
  }

  private ProviderRouter.Outcome call(ProviderRouter router) {
    Generation clip = clip();
    return router.call(clip, clip.request("p", 1, 1), "clip take clip-a1-v1", listener);
  }

  @Test
  void candidatesAreTheOwnProviderThenTheFallbacksThatCanServeTheRequest() {
    GenerationRequest request = clip().request("p", 1, 1);

    assertEquals(List.of("kling", "wavespeed", "fal"), router("wavespeed", "sync", "kling", "fal").candidates(request));
    assertEquals(List.of("kling"), router("replicate").candidates(request), "not in the capability snapshot");
  }

  @Test
  void anUpProviderTakesTheJobAloneAndItsRouteIsItsName() {
    ProviderRouter.Outcome outcome = call(router("fal"));

    assertEquals("kling", outcome.route());
    assertEquals("job-1", outcome.result().providerJobId());
    assertNull(outcome.failure());
    assertEquals(List.of("kling: clip take clip-a1-v1 via kling"), calls.submits, "a fallback could still stand in");
    assertTrue(listener.events.isEmpty());
  }

  @Test
  void withoutAStandInTheSubmitIsTheLastTry() {
    call(router());

    assertEquals(List.of("kling (last): clip take clip-a1-v1 via kling"), calls.submits);
  }

  @Test
  void aSubmitWhoseRetriesRanOutFailsOverToTheNextCandidate() {
    calls.submitFailures.put("kling", providerError("TRANSIENT", "502 from kling"));

    ProviderRouter.Outcome outcome = call(router("fal"));

    assertEquals("kling→fal", outcome.route());
    assertEquals("fal", outcome.result().provider());
    assertEquals(List.of("kling: clip take clip-a1-v1 via kling", "fal (last): clip take clip-a1-v1 via fal"),
        calls.submits);
    assertEquals("fal", calls.requests.get(1).provider());
    assertEquals(calls.requests.get(0).idempotencyKey(), calls.requests.get(1).idempotencyKey());
    assertEquals(List.of(
        "down: kling is down for clip take clip-a1-v1 (TRANSIENT: 502 from kling) -> fal",
        "stand-in fal for clip:a"), listener.events);
  }

  @Test
  void aSubmitNoWorkerTookCountsAsDown() {
    calls.submitFailures.put("kling", timeout(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START));

    assertEquals("kling→fal", call(router("fal")).route());
  }

  @Test
  void aFailureThatNeedsAHumanIsNotFailedOver() {
    calls.submitFailures.put("kling", providerError("CONTENT_POLICY", "prompt refused"));

    ProviderRouter.Outcome outcome = call(router("fal"));

    assertEquals("CONTENT_POLICY: prompt refused", outcome.failure());
    assertNull(outcome.result());
    assertEquals(1, calls.submits.size());
  }

  @Test
  void anAcceptedJobIsNeverFailedOverWhileItsResultIsAwaited() {
    calls.awaitFailures.put("kling", timeout(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE));

    ProviderRouter.Outcome outcome = call(router("fal"));

    assertEquals("TIMEOUT: the provider job did not finish in time (TIMEOUT_TYPE_START_TO_CLOSE)", outcome.failure());
    assertEquals(1, calls.submits.size(), "the job may already be paid for");
  }

  @Test
  void whenEveryCandidateIsDownTheRouteSaysNoneWasLeft() {
    calls.submitFailures.put("kling", providerError("TRANSIENT", "502"));
    calls.submitFailures.put("fal", providerError("RATE_LIMITED", "429"));

    ProviderRouter.Outcome outcome = call(router("fal"));

    assertEquals("RATE_LIMITED: 429 (route kling→fal: no provider left to fail over to)", outcome.failure());
    assertEquals("down: fal is down for clip take clip-a1-v1 (RATE_LIMITED: 429) -> null",
        listener.events.get(listener.events.size() - 1));
  }

  @Test
  void aProviderFoundDownIsPassedOverForTenMinutesThenTriedAgain() {
    ProviderRouter router = router("fal");
    calls.submitFailures.put("kling", providerError("TRANSIENT", "502"));
    call(router);
    calls.submitFailures.clear();
    calls.submits.clear();

    now += ProviderRouter.DOWN_FOR.toMillis() - 1;
    ProviderRouter.Outcome passedOver = call(router);
    assertEquals("kling→fal", passedOver.route(), "the route still names the provider passed over");
    assertEquals(List.of("fal (last): clip take clip-a1-v1 via fal"), calls.submits);

    calls.submits.clear();
    now += 1;
    assertEquals("kling", call(router).route());
    assertEquals(List.of("kling: clip take clip-a1-v1 via kling"), calls.submits);
  }

  @Test
  void whenEveryCandidateWasFoundDownAllAreTriedAgain() {
    ProviderRouter router = router("fal");
    calls.submitFailures.put("kling", providerError("TRANSIENT", "502"));
    calls.submitFailures.put("fal", providerError("TRANSIENT", "503"));
    call(router);
    calls.submitFailures.remove("kling");
    calls.submits.clear();

    assertEquals("kling", call(router).route());
    assertEquals(List.of("kling: clip take clip-a1-v1 via kling"), calls.submits);
  }

  @Test
  void aFailureThatIsNoProviderErrorIsADefectAndFailsTheShot() {
    ActivityFailure defect = Fixtures.activityFailure(ApplicationFailure.newFailure("boom", "NullPointerException"));
    calls.submitFailures.put("kling", defect);

    assertSame(defect, assertThrows(ActivityFailure.class, () -> call(router("fal"))));
  }

  @Test
  void downMeansNothingWasAccepted() {
    assertTrue(ProviderRouter.isDown(providerError("TRANSIENT", "x")));
    assertTrue(ProviderRouter.isDown(providerError("RATE_LIMITED", "x")));
    assertTrue(ProviderRouter.isDown(timeout(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START)));
    assertFalse(ProviderRouter.isDown(timeout(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE)));
    assertFalse(ProviderRouter.isDown(providerError("AMBIGUOUS_SUBMIT", "x")), "the submit may have got through");
    assertFalse(ProviderRouter.isDown(providerError("INSUFFICIENT_BALANCE", "x")));
  }

  @Test
  void aDecisionReasonNamesTheProviderErrorOrTheTimeout() {
    assertEquals("JOB_FAILED: bad input", ProviderRouter.decisionReason(providerError("JOB_FAILED", "bad input")));
    assertEquals("TIMEOUT: the provider job did not finish in time (TIMEOUT_TYPE_SCHEDULE_TO_CLOSE)",
        ProviderRouter.decisionReason(timeout(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_CLOSE)));
    assertNull(ProviderRouter.decisionReason(providerError("IllegalStateException", "bug")));
  }

  @Test
  void aJobWhoseOutputCouldNotBeKeptIsHandedBackAndCollectedAgainOnItsStandIn() {
    calls.submitFailures.put("kling", providerError("TRANSIENT", "502 from kling"));
    calls.awaitFailures.put("fal", providerError("LOCAL_STORAGE", "No space left on device"));
    ProviderRouter router = router("fal");

    ProviderRouter.Outcome full = call(router);

    assertEquals("LOCAL_STORAGE: No space left on device", full.failure());
    ProviderRouter.Uncollected job = full.uncollected();
    assertEquals("fal", job.provider());
    assertEquals("job-2", job.job().jobId());
    assertEquals("kling→fal", job.route());

    calls.awaitFailures.clear();
    Generation clip = clip();
    ProviderRouter.Outcome again = router.call(clip, clip.request("p", 2, 1), "clip take clip-a2-v1", listener, job);

    assertEquals("job-2", again.result().providerJobId());
    assertEquals("kling→fal", again.route());
    assertEquals(2, calls.submits.size(), "nothing submitted for the second collection");
  }

  @Test
  void otherFailuresHandNoJobBack() {
    calls.awaitFailures.put("kling", providerError("JOB_FAILED", "broke"));

    assertNull(call(router()).uncollected());
  }
}
