package io.shotflow.workflows.activity;

import io.shotflow.activity.CatalogActivities;
import io.shotflow.activity.MediaActivities;
import io.shotflow.activity.ProviderActivities;
import io.shotflow.provider.ProviderError;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import io.shotflow.temporal.TaskQueues;

/** The activity options of both workflows, in one place: timeouts, retries, task queues and summaries. */
public final class ActivityStubs {

  private ActivityStubs() {}

  /**
   * Catalog writes are idempotent upserts: short attempts, retried until the database answers. They run as local
   * activities on the orchestration worker, which hosts them anyway: no task-queue round trip and no extra workflow
   * task, one marker event each.
   */
  public static CatalogActivities catalog() {
    RetryOptions retries = RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2)
        .setMaximumInterval(Duration.ofSeconds(30))
        .build();
    return Workflow.newLocalActivityStub(CatalogActivities.class, LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(10))
        .setRetryOptions(retries)
        .build());
  }

  /** Last-frame extraction and clip joins: minutes at most. */
  public static MediaActivities media(String summary) {
    return Workflow.newActivityStub(MediaActivities.class, ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.MEDIA)
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setRetryOptions(mediaRetries())
        .setSummary(summary)
        .build());
  }

  /** Final assembly: long, and heartbeating so a lost worker is noticed in two minutes, not thirty. */
  public static MediaActivities assembly(String summary) {
    return Workflow.newActivityStub(MediaActivities.class, ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.MEDIA)
        .setStartToCloseTimeout(Duration.ofMinutes(30))
        .setHeartbeatTimeout(Duration.ofMinutes(2))
        .setRetryOptions(mediaRetries())
        .setSummary(summary)
        .build());
  }

  private static RetryOptions mediaRetries() {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2)
        .setMaximumInterval(Duration.ofMinutes(1))
        .setMaximumAttempts(5)
        .build();
  }

  /**
   * How long a submit may wait on a provider's queue for a worker before the provider counts as down (no worker polls
   * it: not configured, or every worker gone), unless the storyboard was started with another wait. Long enough for a
   * queue throttled by {@code max-per-second} to drain a burst of submits, short enough that a storyboard does not
   * stall for long on a dead provider.
   */
  public static final Duration DEFAULT_PROVIDER_QUEUE_WAIT = Duration.ofMinutes(10);

  /** The submit half of a provider call, on that provider's task queue (where its rate limits apply). */
  public static ProviderActivities providerSubmit(String provider, String summary) {
    return Workflow.newActivityStub(ProviderActivities.class, submitOptions(provider, summary).build());
  }

  /**
   * The submit half when another provider could stand in: it gives up after {@code queueWait} without a worker (a
   * schedule-to-start timeout, which Temporal does not retry), so the caller can fail over.
   */
  public static ProviderActivities providerSubmitWithFallback(String provider, String summary, Duration queueWait) {
    return Workflow.newActivityStub(ProviderActivities.class, submitOptions(provider, summary)
        .setScheduleToStartTimeout(queueWait)
        .build());
  }

  /** Five attempts over about 15 s: a provider still failing with TRANSIENT or RATE_LIMITED after them is down. */
  private static ActivityOptions.Builder submitOptions(String provider, String summary) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.provider(provider))
        .setStartToCloseTimeout(Duration.ofSeconds(60))
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setBackoffCoefficient(2)
            .setMaximumInterval(Duration.ofSeconds(30))
            .setMaximumAttempts(5)
            .setDoNotRetry(ProviderError.nonRetryableTypes())
            .build())
        .setSummary(summary);
  }

  /**
   * The wait half: one attempt waits up to ten minutes without holding a worker thread (the provider's webhook, an
   * in-process notification or a fallback poll completes it), then ends as the retryable
   * {@link ProviderError#JOB_PENDING} and the next attempt, one second later, waits again. StartToClose is longer
   * than an attempt's wait, so it only fires for an attempt whose worker died; its retry polls at once. Up to
   * two hours in all, without growing history.
   */
  public static ProviderActivities providerAwait(String provider, String summary) {
    return Workflow.newActivityStub(ProviderActivities.class, ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.provider(provider))
        .setStartToCloseTimeout(Duration.ofMinutes(15))
        .setScheduleToCloseTimeout(Duration.ofHours(2))
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setBackoffCoefficient(2)
            .setMaximumInterval(Duration.ofMinutes(1))
            .setMaximumAttempts(30)
            .setDoNotRetry(ProviderError.nonRetryableTypes())
            .build())
        .setSummary(summary)
        .build());
  }
}
