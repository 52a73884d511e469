package io.shotflow.workflows.shot;

import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;
import io.shotflow.workflows.activity.ActivityStubs;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where a generation's calls go: to the request's provider, and while a provider is down (see {@link #isDown}) to the
 * next of {@code fallback_providers} whose capabilities in the storyboard's snapshot match the request. A stand-in
 * that costs more asks the budget for the difference first ({@link Listener#standingIn}). A provider this shot found
 * down within {@link #DOWN_FOR} is passed over without a try, unless every candidate was. The route names every
 * provider passed over or tried, ending with the one that took the job. Once a provider accepts the job its wait is
 * never failed over: the job may already be paid for.
 */
final class ProviderRouter {

  /** How long a provider this shot found down is passed over before its calls try it again. */
  static final Duration DOWN_FOR = Duration.ofMinutes(10);
  static final String ROUTE_ARROW = "→";

  /** The two halves of a provider call; the workflow's are activities ({@link ProviderActivityCalls}). */
  interface Calls {
    /** Submits {@code request}; unless it is the {@code last} candidate, a queue without a worker gives up early. */
    ProviderJob submit(String provider, String summary, boolean last, GenerationRequest request);

    GenerationResult await(String provider, String summary, ProviderJob job, GenerationRequest request);
  }

  /** What the shot does around the calls. */
  interface Listener {
    /** Before {@code standIn}, not the generation's own provider, is tried. */
    void standingIn(Generation generation, String standIn);

    /** A provider was found down: why, and the provider tried next (null when none is left). */
    void down(String why, String next);
  }

  /**
   * One call's outcome: its result and route, or the failure ("TYPE: message") a human must decide on; when the job
   * finished but this side could not keep its output ({@link ProviderError#LOCAL_STORAGE}), the job to collect again.
   */
  record Outcome(GenerationResult result, String route, String failure, Uncollected uncollected) {

    Outcome(GenerationResult result, String route, String failure) {
      this(result, route, failure, null);
    }
  }

  /** A job the provider finished (and billed) whose output is still to be kept: where it ran, and how it was asked. */
  record Uncollected(String provider, ProviderJob job, GenerationRequest request, String route) {}

  private final List<String> fallbacks;
  private final ProviderCapabilities capabilities;
  private final LongSupplier clock;
  private final Calls calls;
  /** Providers a call found down, with the workflow time it did. */
  private final Map<String, Long> downSince = new HashMap<>();

  /** {@code clock}: workflow time in milliseconds. */
  ProviderRouter(List<String> fallbacks, ProviderCapabilities capabilities, LongSupplier clock, Calls calls) {
    this.fallbacks = fallbacks;
    this.capabilities = capabilities;
    this.clock = clock;
    this.calls = calls;
  }

  /** Calls the providers for one take of {@code generation}; {@code what} names the take in summaries and reasons. */
  Outcome call(Generation generation, GenerationRequest request, String what, Listener listener) {
    return call(generation, request, what, listener, null);
  }

  /**
   * As {@link #call(Generation, GenerationRequest, String, Listener)}, but first collects {@code earlier}'s output again
   * when there is one (a retry after a full disk): the job is already paid for, so it is submitted afresh only when its
   * provider no longer serves the output ({@link ProviderError#OUTPUT_GONE}).
   */
  Outcome call(Generation generation, GenerationRequest request, String what, Listener listener, Uncollected earlier) {
    if (earlier != null) {
      String summary = what + " via " + earlier.provider() + " (collecting job " + earlier.job().jobId() + " again)";
      // checked at once: the job finished before
      ProviderJob job = new ProviderJob(earlier.provider(), earlier.job().jobId(), earlier.job().idempotencyKey());
      try {
        return new Outcome(calls.await(earlier.provider(), summary, job, earlier.request()), earlier.route(), null);
      } catch (ActivityFailure e) {
        if (!isError(e, ProviderError.OUTPUT_GONE)) {
          return failed(e, earlier);
        }
        // the output expired while the disk was full: only a new job can make it
      }
    }
    List<String> candidates = candidates(request);
    long now = clock.getAsLong();
    boolean anyUp = candidates.stream().anyMatch(p -> !recentlyDown(p, now));
    List<String> tried = candidates.stream().filter(p -> !anyUp || !recentlyDown(p, now)).toList();
    List<String> route = new ArrayList<>();
    ActivityFailure lastDown = null;
    for (String provider : candidates) {
      route.add(provider);
      if (!tried.contains(provider)) {
        continue;
      }
      boolean last = tried.indexOf(provider) == tried.size() - 1;
      GenerationRequest routed = request.withProvider(provider);
      if (!provider.equals(request.provider())) {
        listener.standingIn(generation, provider);
      }
      String summary = what + " via " + provider;
      ProviderJob job;
      try {
        job = calls.submit(provider, summary, last, routed);
      } catch (ActivityFailure e) {
        if (!isDown(e)) {
          return new Outcome(null, null, decisionReasonOrThrow(e));
        }
        lastDown = e;
        downSince.put(provider, clock.getAsLong());
        listener.down(provider + " is down for " + what + " (" + decisionReasonOrThrow(e) + ")",
            last ? null : tried.get(tried.indexOf(provider) + 1));
        continue;
      }
      String routeText = String.join(ROUTE_ARROW, route);
      try {
        return new Outcome(calls.await(provider, summary, job, routed), routeText, null);
      } catch (ActivityFailure e) {
        return failed(e, new Uncollected(provider, job, routed, routeText));
      }
    }
    return new Outcome(null, null, decisionReasonOrThrow(lastDown) + " (route " + String.join(ROUTE_ARROW, route)
        + ": no provider left to fail over to)");
  }

  /** A failed wait for {@code job}: a decision, which keeps the job when only its output could not be kept. */
  private static Outcome failed(ActivityFailure e, Uncollected job) {
    String reason = decisionReasonOrThrow(e);
    return new Outcome(null, null, reason, isError(e, ProviderError.LOCAL_STORAGE) ? job : null);
  }

  private static boolean isError(ActivityFailure e, ProviderError error) {
    return e.getCause() instanceof ApplicationFailure failure && error.name().equals(failure.getType());
  }

  /** The request's provider, then every fallback that can serve the request ({@link ProviderCapabilities#canServe}). */
  List<String> candidates(GenerationRequest request) {
    List<String> all = new ArrayList<>(List.of(request.provider()));
    for (String fallback : fallbacks) {
      if (!all.contains(fallback) && capabilities.canServe(fallback, request)) {
        all.add(fallback);
      }
    }
    return all;
  }

  private boolean recentlyDown(String provider, long now) {
    Long since = downSince.get(provider);
    return since != null && now - since < DOWN_FOR.toMillis();
  }

  /**
   * A provider is down when its submit could not get through: retries ran out on TRANSIENT or RATE_LIMITED (five
   * attempts over about 15 s), or no worker took the submit from its queue within the storyboard's provider queue
   * wait (a schedule-to-start timeout; {@link ActivityStubs#DEFAULT_PROVIDER_QUEUE_WAIT} unless configured). Nothing
   * was accepted in either case, so another provider can take the job without paying twice.
   */
  static boolean isDown(ActivityFailure e) {
    if (e.getCause() instanceof TimeoutFailure timeout) {
      return timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START;
    }
    return passingTrouble(e);
  }

  /** A provider call whose retries ran out on TRANSIENT or RATE_LIMITED ({@link ProviderError#passingTrouble()}). */
  static boolean passingTrouble(ActivityFailure e) {
    if (e.getCause() instanceof ApplicationFailure failure) {
      ProviderError error = ProviderError.ofType(failure.getType());
      return error != null && error.passingTrouble();
    }
    return false;
  }

  /**
   * "TYPE: message" when a failed provider call needs a human: a non-retryable provider error, a retryable one
   * whose retries ran out, or a job that outlived its wait. Anything else is a defect and fails the shot.
   */
  static String decisionReason(ActivityFailure e) {
    if (e.getCause() instanceof ApplicationFailure failure && ProviderError.ofType(failure.getType()) != null) {
      return failure.getType() + ": " + failure.getOriginalMessage();
    }
    if (e.getCause() instanceof TimeoutFailure timeout) {
      return "TIMEOUT: the provider job did not finish in time (" + timeout.getTimeoutType() + ")";
    }
    return null;
  }

  private static String decisionReasonOrThrow(ActivityFailure e) {
    String reason = decisionReason(e);
    if (reason == null) {
      throw e;
    }
    return reason;
  }
}
