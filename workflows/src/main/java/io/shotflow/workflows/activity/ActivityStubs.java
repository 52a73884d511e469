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
   * Catalog writes are idempotent upserts: short attempts, retried while the database is away, for half an hour at
   * most; a write the database refuses ({@code CATALOG_REFUSED}: the data itself, not the connection) is not retried.
   * Either way the workflow then fails with the reason rather than waiting forever. They run as local activities on
   * the orchestration worker, which hosts them anyway: no task-queue round trip and no extra workflow task, one marker
   * event each.
   */
  public static CatalogActivities catalog() {
    RetryOptions retries = RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2)
        .setMaximumInterval(Duration.ofSeconds(30))
        .setDoNotRetry(CATALOG_REFUSED)
        .build();
    return Workflow.newLocalActivityStub(CatalogActivities.class, LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(10))
        .setScheduleToCloseTimeout(CATALOG_OUTAGE)
        .setRetryOptions(retries)
        .build());
  }

  /** The failure type of a catalog write the database refuses (the catalog module's {@code CatalogRefusal}). */
  public static final String CATALOG_REFUSED = "CATALOG_REFUSED";
  /** The longest a workflow waits for the catalog's database to come back. */
  public static final Duration CATALOG_OUTAGE = Duration.ofMinutes(30);

  /**
   * How long an activity that heartbeats may go silent before Temporal counts its worker as lost and retries it on
   * another: the longest a killed worker stalls a shot. Longer than a provider call's request timeout (30 s), so a
   * slow answer is not mistaken for a lost worker.
   */
  public static final Duration WORKER_LOSS = Duration.ofSeconds(40);

  /** Last-frame extraction and clip joins: minutes at most; joins heartbeat per frame. */
  public static MediaActivities media(String summary) {
    return Workflow.newActivityStub(MediaActivities.class, ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.MEDIA)
        .setStartToCloseTimeout(Duration.ofMinutes(10))
        .setHeartbeatTimeout(WORKER_LOSS)
        .setRetryOptions(mediaRetries())
        .setSummary(summary)
        .build());
  }

  /** Final assembly: long, and heartbeating so a lost worker is noticed within a minute, not thirty. */
  public static MediaActivities assembly(String summary) {
    return Workflow.newActivityStub(MediaActivities.class, ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.MEDIA)
        .setStartToCloseTimeout(Duration.ofMinutes(30))
        .setHeartbeatTimeout(Duration.ofMinutes(1))
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
   * burst of submits to drain through busy workers, short enough that a storyboard does not
   * stall for long on a dead provider. (A provider that is merely full answers PROVIDER_BUSY at once, and the shot
   * waits that out without failing over: see {@code ProviderActivityCalls}.)
   */
  public static final Duration DEFAULT_PROVIDER_QUEUE_WAIT = Duration.ofMinutes(10);

  /** The submit half of a provider call, on that provider's task queue. */
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

  /**
   * Five attempts over about 15 s: a provider still failing with TRANSIENT or RATE_LIMITED after them is down.
   * StartToClose is just past the request timeout (30 s), so an attempt whose worker died is retried within a minute;
   * the retry finds the submit ledger's mark and looks the job up rather than sending it again.
   */
  private static ActivityOptions.Builder submitOptions(String provider, String summary) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.provider(provider))
        .setStartToCloseTimeout(Duration.ofSeconds(45))
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
   * One look at a running job: a poll, and when the job has ended the copy of its output into the asset store. It
   * heartbeats while it downloads, so a worker that dies is noticed within {@link #WORKER_LOSS} and another worker
   * takes the retry; StartToClose bounds a download. A few quick retries cover a provider's passing trouble; the
   * wait between looks is the workflow's (a durable timer), not an activity's.
   */
  public static ProviderActivities providerCheck(String provider, String summary) {
    return Workflow.newActivityStub(ProviderActivities.class, ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.provider(provider))
        .setStartToCloseTimeout(Duration.ofMinutes(15))
        .setHeartbeatTimeout(WORKER_LOSS)
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setBackoffCoefficient(2)
            .setMaximumInterval(Duration.ofSeconds(20))
            .setMaximumAttempts(5)
            .setDoNotRetry(ProviderError.nonRetryableTypes())
            .build())
        .setSummary(summary)
        .build());
  }
}
