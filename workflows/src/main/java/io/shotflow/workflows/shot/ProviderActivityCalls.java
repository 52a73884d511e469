package io.shotflow.workflows.shot;

import io.shotflow.activity.ProviderActivities;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.JobCheck;
import io.shotflow.provider.ProviderJob;
import io.shotflow.workflows.activity.ActivityStubs;
import io.shotflow.provider.ProviderError;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * A provider call as activities on the provider's task queue: submit, then checks until the job ends. Between checks
 * the shot waits on a durable timer that a {@link JobSignals} signal (a verified webhook) cuts short, so the wait
 * lives in Temporal, not in any worker: a worker killed mid-wait costs nothing, and the next check runs on whichever
 * worker is up. How long each timer runs is the check's answer ({@link JobCheck#checkAgainIn()}). Public for the
 * activities' own tests and the bench, which run it in workflows of their own.
 */
public final class ProviderActivityCalls implements ProviderRouter.Calls {

  /** What the shot shows while a job runs. */
  public interface Watcher {
    /** {@code check} found the job still running; {@code sinceMillis}: workflow time of the submit. */
    void stillRunning(String summary, ProviderJob job, long sinceMillis, JobCheck check);
  }

  /** The next look after a check that failed for a passing reason (provider unreachable, worker lost). */
  static final Duration AFTER_FAILED_CHECK = Duration.ofSeconds(30);

  private final Duration queueWait;
  private final JobSignals signals;
  private final Watcher watcher;
  private java.util.Random random;

  /** {@code queueWait}: how long a submit that another provider could take waits for a worker (null: the default). */
  public ProviderActivityCalls(Duration queueWait, JobSignals signals, Watcher watcher) {
    this.queueWait = queueWait != null ? queueWait : ActivityStubs.DEFAULT_PROVIDER_QUEUE_WAIT;
    this.signals = signals;
    this.watcher = watcher;
  }

  /**
   * Submits; a provider that refuses as {@link ProviderError#PROVIDER_BUSY} (its limits reached across the workers)
   * is waited out on a durable timer ({@link BusyBackoff}) and asked again, however long that takes: it is up, only
   * full, so this never fails over. Any other failure goes to the router.
   */
  @Override
  public ProviderJob submit(String provider, String summary, boolean last, GenerationRequest request) {
    ProviderActivities submits = last ? ActivityStubs.providerSubmit(provider, summary)
        : ActivityStubs.providerSubmitWithFallback(provider, summary, queueWait);
    for (int refusals = 1; ; refusals++) {
      try {
        return submits.submit(request);
      } catch (ActivityFailure e) {
        if (!(e.getCause() instanceof ApplicationFailure failure)
            || ProviderError.ofType(failure.getType()) != ProviderError.PROVIDER_BUSY) {
          throw e;
        }
        Workflow.sleep(BusyBackoff.after(refusals, failure.getNextRetryDelay(), random().nextDouble()));
      }
    }
  }

  /** The workflow's deterministic random numbers (replayed alike), made when first needed. */
  private java.util.Random random() {
    if (random == null) {
      random = Workflow.newRandom();
    }
    return random;
  }

  @Override
  public GenerationResult await(String provider, String summary, ProviderJob job, GenerationRequest request) {
    long since = Workflow.currentTimeMillis();
    ProviderActivities checks = ActivityStubs.providerCheck(provider, "check " + summary);
    Duration next = job.firstCheckIn() == null ? Duration.ZERO : job.firstCheckIn();
    while (true) {
      if (!next.isZero()) {
        Workflow.await(next, () -> signals.hasChanged(job));
      }
      signals.consume(job);
      JobCheck check;
      try {
        check = checks.check(new ProviderActivities.CheckRequest(job, request, since));
      } catch (ActivityFailure e) {
        if (!passing(e)) {
          throw e;
        }
        next = AFTER_FAILED_CHECK;
        continue;
      }
      if (check.finished()) {
        return check.result();
      }
      watcher.stillRunning(summary, job, since, check);
      next = check.checkAgainIn();
    }
  }

  /**
   * A check whose retries ran out on the provider's passing trouble (TRANSIENT, RATE_LIMITED) or on lost workers
   * (timeouts) says nothing about the job: the wait goes on. The job's own failure, or a wait past the provider's
   * limit, ends it.
   */
  static boolean passing(ActivityFailure e) {
    return e.getCause() instanceof TimeoutFailure || ProviderRouter.passingTrouble(e);
  }
}
