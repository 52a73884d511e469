package io.shotflow.workflow;

import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.RateCard;
import io.shotflow.review.PendingReview;
import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Verdict;
import io.shotflow.shot.ShotStatus;
import io.shotflow.shot.ShotWorkflow;
import io.shotflow.workflows.shot.ShotWorkflowImpl;
import io.shotflow.spec.CostEstimator;
import io.shotflow.spec.SpecValidator;
import io.shotflow.spec.StoryboardSpec;
import io.shotflow.spec.StoryboardSpecParser;
import io.shotflow.storyboard.StoryboardInput;
import io.shotflow.storyboard.StoryboardResult;
import io.shotflow.storyboard.StoryboardStatus;
import io.shotflow.storyboard.StoryboardWorkflow;
import io.shotflow.workflows.storyboard.StoryboardWorkflowImpl;
import io.shotflow.temporal.SearchAttributes;
import io.shotflow.temporal.TaskQueues;
import io.shotflow.temporal.WorkflowIds;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A time-skipping Temporal test server with both workflows and in-memory fakes on every task queue. */
final class Harness implements AutoCloseable {

  static final List<String> PROVIDERS = List.of("local", "kling", "fal", "sync");

  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final WorkflowClient client = env.getWorkflowClient();
  final FakeProviders providers = new FakeProviders();
  final FakeMedia media = new FakeMedia();
  final FakeCatalog catalog = new FakeCatalog();
  private final StoryboardSpecParser parser = new StoryboardSpecParser();
  /** The storyboard's workflow task timeout; null: the server's default. */
  Duration workflowTaskTimeout;

  Harness() {
    Map<SearchAttributeKey<?>, IndexedValueType> types = Map.of(
        SearchAttributes.STORYBOARD_ID, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        SearchAttributes.SHOT_ID, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        SearchAttributes.STAGE, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        SearchAttributes.AWAITING_REVIEW, IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
        SearchAttributes.PROVIDER, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        SearchAttributes.SPEND_USD, IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE);
    for (SearchAttributeKey<?> key : SearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), types.get(key));
    }
    Worker orchestration = env.newWorker(TaskQueues.ORCHESTRATION);
    orchestration.registerWorkflowImplementationTypes(StoryboardWorkflowImpl.class, ShotWorkflowImpl.class);
    orchestration.registerActivitiesImplementations(catalog);
    env.newWorker(TaskQueues.MEDIA).registerActivitiesImplementations(media);
    for (String provider : PROVIDERS) {
      env.newWorker(TaskQueues.provider(provider)).registerActivitiesImplementations(providers);
    }
    env.start();
  }

  StoryboardWorkflow start(String id, String yaml) {
    return start(id, yaml, RateCard.defaults(), null);
  }

  /**
   * Starts the storyboard with {@code card}'s prices and the catalog's capabilities snapshotted into its input, as the
   * API does, and a provider queue wait (null: the default).
   */
  StoryboardWorkflow start(String id, String yaml, RateCard card, Duration queueWait) {
    return start(id, yaml, card, queueWait, null);
  }

  /** {@link #start(String, String, RateCard, Duration)} with {@code capabilities} (null: the catalog's snapshot). */
  StoryboardWorkflow start(String id, String yaml, RateCard card, Duration queueWait,
      ProviderCapabilities capabilities) {
    StoryboardSpec spec = parser.parse(yaml, true);
    SpecValidator.validate(spec, false, card).forEach(e -> {
      throw new AssertionError("invalid test spec: " + e);
    });
    StoryboardWorkflow wf = client.newWorkflowStub(StoryboardWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.storyboard(id))
        .setTaskQueue(TaskQueues.ORCHESTRATION)
        .setWorkflowTaskTimeout(workflowTaskTimeout)
        .build());
    Set<String> providers = CostEstimator.providersUsed(spec);
    WorkflowClient.start(wf::run, new StoryboardInput(id, spec, card.forProviders(providers),
        capabilities != null ? capabilities : ProviderCapabilities.snapshot(providers, spec.models(), spec.tier()),
        queueWait));
    return wf;
  }

  /** A stub of a running storyboard, for signals, updates and queries. */
  StoryboardWorkflow storyboard(String id) {
    return client.newWorkflowStub(StoryboardWorkflow.class, WorkflowIds.storyboard(id));
  }

  ShotWorkflow shot(String id, String shotId) {
    return client.newWorkflowStub(ShotWorkflow.class, WorkflowIds.shot(id, shotId));
  }

  StoryboardResult result(String id) {
    try {
      return client.newUntypedWorkflowStub(WorkflowIds.storyboard(id)).getResult(60, TimeUnit.SECONDS, StoryboardResult.class);
    } catch (TimeoutException e) {
      throw new AssertionError("storyboard " + id + " did not finish", e);
    }
  }

  /** Polls the shot's status query (time does not skip meanwhile) until {@code done} holds. */
  ShotStatus awaitShot(String id, String shotId, Predicate<ShotStatus> done) {
    return eventually(() -> {
      try {
        return shot(id, shotId).status();
      } catch (WorkflowNotFoundException notStartedYet) {
        return null;
      }
    }, s -> s != null && done.test(s), "shot " + shotId);
  }

  StoryboardStatus awaitStoryboard(String id, Predicate<StoryboardStatus> done) {
    return eventually(() -> storyboard(id).status(), done, "storyboard " + id);
  }

  PendingReview awaitPending(String id, String shotId, String subject) {
    ShotStatus status = awaitShot(id, shotId, s -> s.pendingReviews().stream().anyMatch(p -> p.subject().equals(subject)));
    return status.pendingReviews().stream().filter(p -> p.subject().equals(subject)).findFirst().orElseThrow();
  }

  ShotStatus review(String id, String shotId, String subject, String take, Verdict verdict, String prompt) {
    return shot(id, shotId).review(decision(subject, take, verdict, prompt));
  }

  /** Waits for the subject to be pending, then approves its first take through the update. */
  ShotStatus approve(String id, String shotId, String subject) {
    PendingReview pending = awaitPending(id, shotId, subject);
    return review(id, shotId, subject, pending.takes().get(0), Verdict.APPROVE, null);
  }

  static ReviewDecision decision(String subject, String take, Verdict verdict, String prompt) {
    return new ReviewDecision(subject, take, verdict, "note", prompt, "ana", "2026-01-01T00:00:00Z");
  }

  static <T> T eventually(Supplier<T> probe, Predicate<T> done, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    T last = null;
    while (System.nanoTime() < deadline) {
      last = probe.get();
      if (done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
  }

  @Override
  public void close() {
    env.close();
  }
}
