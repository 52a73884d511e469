package io.shotflow.activities.provider;

import io.micronaut.context.BeanProvider;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.client.ActivityNotExistsException;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;
import io.shotflow.provider.JobNotifications;

/**
 * The wait half of a provider call without a thread per job. An {@code awaitResult} attempt that finds its job still
 * running registers here and returns without completing ({@code doNotCompleteOnReturn}); the attempt is completed
 * later through the {@link ActivityCompletionClient} when
 * <ul>
 *   <li>{@link #jobChanged} is called (a webhook, or a provider running in this process): one poll confirms;</li>
 *   <li>the fallback poll, every {@code shotflow.providers.<name>.poll-interval}, finds the job ended;</li>
 *   <li>the attempt's maximum wait passes: it fails with the retryable {@link ProviderError#JOB_PENDING}, so Temporal
 *       starts a fresh attempt which registers again.</li>
 * </ul>
 * Nothing here needs to survive a crash: a lost registration's attempt times out at StartToClose and its retry polls
 * once before registering again. A notification that arrives before its wait registers is remembered for a while.
 * One timer thread dispatches; a small pool polls and copies outputs.
 */
@Singleton
public class JobWatch implements JobNotifications, AutoCloseable {

  /** Polls the job once: its result once the output is in the asset store, null while it runs; failures throw. */
  @FunctionalInterface
  public interface Check {
    GenerationResult check(ProviderJob job, GenerationRequest request);
  }

  private static final Logger LOG = LoggerFactory.getLogger(JobWatch.class);
  /** Fallback poll when a provider notifies (a lost webhook is noticed this late) and when it does not. */
  static final Duration NOTIFIED_POLL_INTERVAL = Duration.ofSeconds(60);
  static final Duration POLL_INTERVAL = Duration.ofSeconds(10);
  /** The next attempt after a maximum wait starts at once: the job is still running, nothing failed. */
  private static final Duration NEXT_ATTEMPT = Duration.ofSeconds(1);

  private final Supplier<WorkflowClient> clients;
  private final Duration maxWait;
  private final Duration notificationMemory;
  private final Map<String, Duration> pollIntervals;
  private final ScheduledThreadPoolExecutor timer;
  private final ThreadPoolExecutor checks;
  private final ConcurrentMap<String, Wait> waiting = new ConcurrentHashMap<>();
  /** Notifications no wait was registered for, by job key, with when they came (nanoTime). */
  private final ConcurrentMap<String, Long> early = new ConcurrentHashMap<>();
  private volatile ActivityCompletionClient completions;

  @Inject
  public JobWatch(BeanProvider<WorkflowClient> clients, JobWatchConfig config, ProviderSettingsRegistry settings) {
    this(clients::get, config, settings.configured().stream()
        .filter(p -> p.getPollInterval() != null)
        .collect(Collectors.toUnmodifiableMap(ProviderSettings::getName, ProviderSettings::getPollInterval)));
  }

  public JobWatch(Supplier<WorkflowClient> clients, JobWatchConfig config, Map<String, Duration> pollIntervals) {
    this.clients = clients;
    this.maxWait = config.getMaxWait();
    this.notificationMemory = config.getNotificationMemory();
    this.pollIntervals = Map.copyOf(pollIntervals);
    this.timer = new ScheduledThreadPoolExecutor(1, daemon("job-watch-timer"));
    timer.setRemoveOnCancelPolicy(true);
    this.checks = new ThreadPoolExecutor(config.getCheckThreads(), config.getCheckThreads(), 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), daemon("job-watch-check"));
    checks.allowCoreThreadTimeOut(true);
    long sweep = Math.max(1, notificationMemory.toMillis() / 4);
    timer.scheduleWithFixedDelay(this::forgetOldNotifications, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs inside an {@code awaitResult} attempt: the result when the job has already ended, else null after
   * registering the attempt for completion later (the caller returns that null; the SDK sends nothing).
   * {@code notifies} says whether the job's provider calls {@link #jobChanged}.
   */
  public GenerationResult await(ProviderJob job, GenerationRequest request, boolean notifies, Check check) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ActivityInfo info = context.getInfo();
    String key = key(job.provider(), job.jobId());
    Duration interval = pollIntervals.getOrDefault(job.provider(), notifies ? NOTIFIED_POLL_INTERVAL : POLL_INTERVAL);
    // Without notifications, polls keep to the interval counted from when this wait was first scheduled (right
    // after the submit), so a job of latency L costs ceil(L / interval) polls.
    Duration sinceScheduled = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - info.getScheduledTimestamp()));
    Duration firstPoll = notifies ? interval : interval.minus(sinceScheduled);
    // An earlier attempt may have missed the end (lost webhook, restarted worker), a notification may have come
    // before this attempt, or a polled job is due: look once before waiting.
    if (early.remove(key) != null || info.getAttempt() > 1 || firstPoll.isNegative() || firstPoll.isZero()) {
      GenerationResult result = checkNow(check, job, request);
      if (result != null) {
        return result;
      }
      firstPoll = interval;
    }
    // end before Temporal's StartToClose does, so the next attempt starts now rather than after a timeout
    Duration wait = min(maxWait, info.getStartToCloseTimeout().multipliedBy(9).dividedBy(10));
    context.doNotCompleteOnReturn();
    register(new Wait(key, job, request, context.getTaskToken(), check), firstPoll, interval, wait);
    return null;
  }

  @Override
  public void jobChanged(String provider, String jobId) {
    String key = key(provider, jobId);
    Wait wait = waiting.get(key);
    if (wait != null) {
      wait.trigger();
      return;
    }
    early.put(key, System.nanoTime());
    // the wait may have registered between the lookup and the put; whoever removes the mark triggers
    wait = waiting.get(key);
    if (wait != null && early.remove(key) != null) {
      wait.trigger();
    }
  }

  /** How many attempts are waiting now. */
  public int waiting() {
    return waiting.size();
  }

  private void register(Wait wait, Duration firstPoll, Duration interval, Duration maxWait) {
    Wait previous = waiting.put(wait.key, wait);
    if (previous != null) {
      // an older attempt of the same job: Temporal has given up on it, so it must not be completed any more
      previous.finish();
    }
    wait.poll = timer.scheduleWithFixedDelay(wait::trigger, firstPoll.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
    wait.deadline = timer.schedule(() -> checks.execute(wait::expire), maxWait.toMillis(), TimeUnit.MILLISECONDS);
    if (early.remove(wait.key) != null) {
      wait.trigger();
    }
  }

  private static GenerationResult checkNow(Check check, ProviderJob job, GenerationRequest request) {
    try {
      return check.check(job, request);
    } catch (ProviderException e) {
      throw e.failure();
    }
  }

  private ActivityCompletionClient completions() {
    ActivityCompletionClient client = completions;
    if (client == null) {
      synchronized (this) {
        if (completions == null) {
          completions = clients.get().newActivityCompletionClient();
        }
        client = completions;
      }
    }
    return client;
  }

  private void forgetOldNotifications() {
    long oldest = System.nanoTime() - notificationMemory.toNanos();
    early.values().removeIf(at -> at - oldest < 0);
  }

  /** One registered attempt. */
  private final class Wait {
    final String key;
    final ProviderJob job;
    final GenerationRequest request;
    final byte[] taskToken;
    final Check check;
    final AtomicBoolean finished = new AtomicBoolean();
    /** Triggers not yet served; the first one queues a check, later ones make it look again. */
    final AtomicInteger triggers = new AtomicInteger();
    volatile ScheduledFuture<?> poll;
    volatile ScheduledFuture<?> deadline;

    Wait(String key, ProviderJob job, GenerationRequest request, byte[] taskToken, Check check) {
      this.key = key;
      this.job = job;
      this.request = request;
      this.taskToken = taskToken;
      this.check = check;
    }

    void trigger() {
      if (!finished.get() && triggers.getAndIncrement() == 0) {
        checks.execute(this::drain);
      }
    }

    private void drain() {
      int served;
      do {
        served = triggers.get();
        if (finished.get()) {
          return;
        }
        checkOnce();
      } while (triggers.addAndGet(-served) > 0);
    }

    private void checkOnce() {
      GenerationResult result;
      try {
        result = check.check(job, request);
      } catch (ProviderException e) {
        failUnlessRetryable(e.failure());
        return;
      } catch (ApplicationFailure e) {
        failUnlessRetryable(e);
        return;
      } catch (RuntimeException e) {
        LOG.warn("Checking job {} failed; the attempt fails and Temporal retries it", key, e);
        fail(e);
        return;
      }
      if (result != null && finish()) {
        complete(c -> c.complete(taskToken, result));
      }
    }

    /** A retryable failure (network, 5xx, rate limit) only means this look failed: the next one may work. */
    private void failUnlessRetryable(ApplicationFailure failure) {
      if (failure.isNonRetryable()) {
        fail(failure);
      } else {
        LOG.debug("Job {}: {} (looking again later)", key, failure.getOriginalMessage());
      }
    }

    private void fail(Exception failure) {
      if (finish()) {
        complete(c -> c.completeExceptionally(taskToken, failure));
      }
    }

    void expire() {
      fail(ProviderError.JOB_PENDING.failureAfter("job " + job.jobId() + " on " + job.provider()
          + " is still running; waiting again in a new attempt", NEXT_ATTEMPT));
    }

    /** Ends this wait once; only the caller that gets true completes the attempt. */
    boolean finish() {
      if (!finished.compareAndSet(false, true)) {
        return false;
      }
      waiting.remove(key, this);
      ScheduledFuture<?> p = poll;
      ScheduledFuture<?> d = deadline;
      if (p != null) {
        p.cancel(false);
      }
      if (d != null) {
        d.cancel(false);
      }
      return true;
    }

    private void complete(Consumer<ActivityCompletionClient> call) {
      try {
        call.accept(completions());
      } catch (ActivityNotExistsException e) {
        LOG.info("Job {}: its attempt no longer exists (timed out, retried or the workflow ended)", key);
      } catch (RuntimeException e) {
        LOG.warn("Job {}: could not complete its attempt; it times out and is retried", key, e);
      }
    }
  }

  private static String key(String provider, String jobId) {
    return provider + ":" + jobId;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  @PreDestroy
  public void close() {
    timer.shutdownNow();
    checks.shutdownNow();
  }
}
