package io.shotflow.workflows.shot;

import io.shotflow.activity.CatalogActivities.ReviewRecord;
import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.activity.CatalogActivities.TakeRecord;
import io.shotflow.workflows.catalog.CatalogWriter;
import io.shotflow.media.AssetRef;
import io.shotflow.activity.MediaActivities.JoinRequest;
import io.shotflow.media.VideoFormat;
import io.shotflow.provider.Capabilities;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.activity.ProviderActivities;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;
import io.shotflow.provider.RateCard;
import io.shotflow.review.PendingReview;
import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Subjects;
import io.shotflow.review.Verdict;
import io.shotflow.spec.DialogueSpec;
import io.shotflow.spec.FrameSpec;
import io.shotflow.spec.DeadlinePolicy;
import io.shotflow.spec.ReviewGate;
import io.shotflow.spec.ShotSpec;
import io.shotflow.storyboard.ContinuityFrame;
import io.shotflow.shot.SpendGrant;
import io.shotflow.storyboard.SpendRequest;
import io.shotflow.storyboard.StoryboardWorkflow;
import io.shotflow.workflows.activity.ActivityStubs;
import io.shotflow.workflows.activity.Failures;
import io.shotflow.temporal.SearchAttributes;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import io.shotflow.shot.ShotInput;
import io.shotflow.shot.ShotResult;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.ShotStatus;
import io.shotflow.shot.ShotWorkflow;
import io.shotflow.shot.StoryboardSettings;
import io.shotflow.shot.Take;

/**
 * One shot: keyframes (generated ones reviewed), clip takes and their review, extend steps, the join, the
 * continuity frame for later shots, and lip-sync. Every generation is a submit + await pair on the provider's
 * task queue; every gate waits for a reviewer up to the storyboard's deadline; a provider failure that needs
 * a human waits for a decision; spending beyond the shot's allowance asks the storyboard first.
 */
public class ShotWorkflowImpl implements ShotWorkflow {

  private static final Logger log = Workflow.getLogger(ShotWorkflowImpl.class);
  /** How long a provider this shot found down is passed over before its calls try it again. */
  static final Duration DOWN_FOR = Duration.ofMinutes(10);
  static final String ROUTE_ARROW = "→";

  private final ShotInput input;
  private final ShotSpec shot;
  private final StoryboardSettings settings;
  private final RateCard rateCard;
  private final ProviderCapabilities capabilities;
  /** Created on first use, from workflow code. */
  private CatalogWriter catalog;

  private final Map<String, Take> takes = new LinkedHashMap<>();
  private final Map<String, PendingReview> pending = new LinkedHashMap<>();
  /** Accepted reviews the shot's own code has not acted on yet, by subject. */
  private final Map<String, ReviewDecision> answers = new HashMap<>();
  /** Subjects whose review passed its deadline under the {@code pause} policy. */
  private final Set<String> paused = new LinkedHashSet<>();
  private final List<ReviewDecision> decisions = new ArrayList<>();
  /** Providers a call found down, with the workflow time it did. */
  private final Map<String, Long> downSince = new HashMap<>();
  private final Set<Integer> awaitingGrant = new LinkedHashSet<>();
  private final Map<Integer, Boolean> grants = new HashMap<>();
  private int reviewSequence;
  private int spendSequence;
  private BigDecimal allowance;
  private BigDecimal spend = BigDecimal.ZERO;
  private ShotStage phase = ShotStage.KEYFRAMES;
  private ShotStage stage;
  private boolean awaitingReview;
  private String detail = "starting";
  /** The last stage record written to the catalog. */
  private ShotStageRecord recorded;

  @WorkflowInit
  public ShotWorkflowImpl(ShotInput input) {
    this.input = input;
    this.shot = input.shot();
    this.settings = input.settings();
    this.allowance = input.allowanceUsd() == null ? BigDecimal.ZERO : input.allowanceUsd();
    this.rateCard = input.rateCard();
    this.capabilities = input.capabilities();
  }

  @Override
  public ShotResult run(ShotInput ignored) {
    Workflow.upsertTypedSearchAttributes(
        SearchAttributes.STORYBOARD_ID.valueSet(input.storyboardId()),
        SearchAttributes.SHOT_ID.valueSet(shot.id()),
        SearchAttributes.PROVIDER.valueSet(settings.provider()),
        SearchAttributes.SPEND_USD.valueSet(0.0));
    try {
      return produceAndEnd();
    } catch (CanceledFailure e) {
      CatalogWriter.recordCancel(() -> {
        finish(ShotStage.CANCELLED, "cancelled");
        catalog().flush();
      });
      throw e;
    }
  }

  private ShotResult produceAndEnd() {
    try {
      publish();
      ShotResult result = produceShot();
      Workflow.await(Workflow::isEveryHandlerFinished);
      catalog().flush();
      return result;
    } catch (ShotEnded end) {
      finish(end.outcome, end.getMessage());
      Workflow.await(Workflow::isEveryHandlerFinished);
      catalog().flush();
      return new ShotResult(shot.id(), end.outcome, null, null, 0, List.copyOf(takes.values()), List.copyOf(decisions), spend);
    } catch (CanceledFailure e) {
      throw e;
    } catch (TemporalFailure e) {
      finish(ShotStage.FAILED, "failed: " + Failures.rootCause(e));
      catalog().flush();
      throw e;
    }
  }

  private ShotResult produceShot() {
    Promise<AssetRef> start = keyframe("start", shot.startFrame(), input.startFrom());
    Promise<AssetRef> end = shot.endFrame() == null ? Workflow.newPromise(null)
        : keyframe("end", shot.endFrame(), input.endFrom());
    Promise.allOf(start, end).get();
    AssetRef startFrame = start.get();
    AssetRef endFrame = end.get();

    phase = ShotStage.CLIP;
    Take clip = produce(new Step(Subjects.clip(shot.id()), "clip", GenerationKind.CLIP, settings.provider(),
        shot.variants(), settings.review().clipGate(), shot.duration(),
        (prompt, key, variant) -> request(key, GenerationKind.CLIP, settings.provider(), prompt, shot.duration(),
            startFrame, endFrame, null, null, variant)), shot.prompt());

    List<AssetRef> clips = new ArrayList<>(List.of(clip.asset()));
    Take last = clip;
    for (int n = 1; n <= shot.extend().size(); n++) {
      phase = ShotStage.EXTEND;
      if (extendsNatively(last)) {
        last = produce(nativeExtend(n, last), shot.extend().get(n - 1).prompt());
        // the provider answers with the whole extended video, which takes the place of the clips so far
        clips.clear();
        clips.add(last.asset());
        continue;
      }
      AssetRef source = last.asset();
      AssetRef lastFrame = ActivityStubs.media("last frame of " + last.id() + " for extend " + n).extractLastFrame(source);
      last = produce(new Step(Subjects.extend(shot.id(), n), "ext" + n, GenerationKind.EXTEND, settings.provider(),
          shot.variants(), settings.review().clipGate(), shot.duration(),
          (prompt, key, variant) -> request(key, GenerationKind.EXTEND, settings.provider(), prompt, shot.duration(),
              lastFrame, null, source, null, variant)), shot.extend().get(n - 1).prompt());
      clips.add(last.asset());
    }
    AssetRef video = clips.size() == 1 ? clips.get(0)
        : ActivityStubs.media("join " + clips.size() + " clips of shot " + shot.id())
            .joinClips(new JoinRequest(clips, new VideoFormat(settings.width(), settings.height(), settings.fps())));

    AssetRef continuity = null;
    if (input.reportLastFrame()) {
      continuity = ActivityStubs.media("last frame of " + last.id() + " for continuity").extractLastFrame(last.asset());
      Workflow.newExternalWorkflowStub(StoryboardWorkflow.class, input.parentWorkflowId())
          .continuityFrameReady(new ContinuityFrame(shot.id(), continuity));
    }

    if (shot.dialogue() != null) {
      phase = ShotStage.LIP_SYNC;
      String provider = lipSyncProvider();
      AssetRef source = video;
      DialogueSpec dialogue = shot.dialogue();
      AssetRef audio = dialogue.audio() == null ? null : AssetRef.fromUri(dialogue.audio());
      GenerationRequest.Speech speech = dialogue.text() == null ? null : new GenerationRequest.Speech(dialogue.text(),
          dialogue.voiceId(), dialogue.voiceLanguage(), dialogue.voiceSpeed().doubleValue());
      video = produce(new Step(Subjects.lipSync(shot.id()), "lipsync", GenerationKind.LIP_SYNC, provider, 1,
          settings.review().lipSyncGate(), shot.totalSeconds(),
          (prompt, key, variant) -> request(key, GenerationKind.LIP_SYNC, provider, prompt, shot.totalSeconds(),
              null, null, source, audio, variant, speech, null)), shot.prompt()).asset();
    }
    finish(ShotStage.DONE, "done");
    return new ShotResult(shot.id(), ShotStage.DONE, video, continuity, shot.totalSeconds(),
        List.copyOf(takes.values()), List.copyOf(decisions), spend);
  }

  /**
   * Whether the step after {@code source} goes through its provider's native extend: the provider declares one for
   * the storyboard's model and tier and named the source's video.
   */
  private boolean extendsNatively(Take source) {
    return source.outputVideoId() != null
        && capabilities.find(source.provider(), settings.model(), settings.tier())
            .map(Capabilities::nativeExtend).orElse(false);
  }

  /** Extend step {@code n} as the source's provider's own extension of its video, which only that provider holds. */
  private Step nativeExtend(int n, Take source) {
    return new Step(Subjects.extend(shot.id(), n), "ext" + n, GenerationKind.EXTEND, source.provider(), shot.variants(),
        settings.review().clipGate(), shot.duration(),
        (prompt, key, variant) -> request(key, GenerationKind.EXTEND, source.provider(), prompt, shot.duration(),
            null, null, source.asset(), null, variant, null, source.outputVideoId()));
  }

  private String lipSyncProvider() {
    String chosen = shot.dialogue().lipSync().provider();
    return chosen != null ? chosen : settings.provider();
  }

  /** A keyframe: generated (and reviewed) from a prompt in its own thread, or the given image or continuity frame. */
  private Promise<AssetRef> keyframe(String which, FrameSpec frame, AssetRef continuityFrame) {
    if (frame.isPrompt()) {
      Step step = new Step(Subjects.keyframe(shot.id(), which), "kf-" + which, GenerationKind.KEYFRAME,
          settings.provider(), 1, settings.review().keyframeGate(), 0,
          (prompt, key, variant) -> request(key, GenerationKind.KEYFRAME, settings.provider(), prompt, 0,
              null, null, null, null, variant));
      return Async.function(() -> produce(step, frame.prompt()).asset());
    }
    if (frame.isImage()) {
      return Workflow.newPromise(AssetRef.fromUri(frame.image()));
    }
    if (continuityFrame == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "shot " + shot.id() + " continues from shot " + frame.from() + " but the storyboard passed no frame",
          "MissingContinuityFrame");
    }
    return Workflow.newPromise(continuityFrame);
  }

  private GenerationRequest request(String key, GenerationKind kind, String provider, String prompt, int seconds,
      AssetRef startFrame, AssetRef endFrame, AssetRef sourceVideo, AssetRef audio, int variant) {
    return request(key, kind, provider, prompt, seconds, startFrame, endFrame, sourceVideo, audio, variant, null, null);
  }

  private GenerationRequest request(String key, GenerationKind kind, String provider, String prompt, int seconds,
      AssetRef startFrame, AssetRef endFrame, AssetRef sourceVideo, AssetRef audio, int variant,
      GenerationRequest.Speech speech, String sourceVideoId) {
    return new GenerationRequest(key, input.storyboardId(), shot.id(), kind, provider, settings.model(), settings.tier(),
        prompt, shot.negativePrompt(), seconds, settings.width(), settings.height(), settings.fps(),
        settings.aspectRatio(), startFrame, endFrame, sourceVideo, audio, variant, speech, sourceVideoId);
  }

  // ---------------------------------------------------------------- generate, review, decide

  /** Builds the request of one variant of one attempt. */
  @FunctionalInterface
  private interface RequestFactory {
    GenerationRequest build(String prompt, String idempotencyKey, int variant);
  }

  /** One reviewable subject: what to generate, how many takes, which gate applies. */
  private record Step(String subject, String takePrefix, GenerationKind kind, String provider, int variants,
      ReviewGate gate, int seconds, RequestFactory requests) {}

  /** One generation round: the takes made, and the failure that needs a human when a variant failed. */
  private record Round(List<Take> takes, String failure) {}

  /** Generates until a take of {@code step} is approved; a reject or a retry regenerates with the revised prompt. */
  private Take produce(Step step, String initialPrompt) {
    String prompt = initialPrompt;
    boolean auto = step.gate() != ReviewGate.REQUIRED;
    for (int attempt = 1; ; attempt++) {
      charge(step);
      detail = "generating " + step.subject() + " (attempt " + attempt + ")";
      publish();
      Round round = generate(step, attempt, prompt, auto);
      if (round.failure() != null) {
        ReviewDecision decision = awaitDecision(new PendingReview(step.subject(), List.of(), now(), deadline(),
            round.failure()));
        if (decision.verdict() == Verdict.SKIP) {
          throw new ShotEnded(ShotStage.SKIPPED, "skipped by " + decision.reviewer() + " after " + round.failure());
        }
        prompt = revised(decision, prompt);
        continue;
      }
      if (auto) {
        return round.takes().get(0);
      }
      List<String> ids = round.takes().stream().map(Take::id).toList();
      ReviewDecision decision = awaitDecision(new PendingReview(step.subject(), ids, now(), deadline(), null));
      if (decision.verdict() == Verdict.APPROVE) {
        String chosen = decision.take() == null ? ids.get(0) : decision.take();
        return approve(takes.get(chosen));
      }
      prompt = revised(decision, prompt);
    }
  }

  private static String revised(ReviewDecision decision, String prompt) {
    return decision.prompt() == null || decision.prompt().isBlank() ? prompt : decision.prompt();
  }

  /**
   * Every variant in parallel; each is a submit then an await on the provider's queue (failing over when it is down).
   * The takes are recorded once all are in, the first one already approved when {@code approveFirst} (an automatic
   * gate) and none failed.
   */
  private Round generate(Step step, int attempt, String prompt, boolean approveFirst) {
    List<Promise<Called>> calls = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    boolean perVariant = step.kind() == GenerationKind.CLIP || step.kind() == GenerationKind.EXTEND;
    for (int v = 1; v <= step.variants(); v++) {
      String id = step.takePrefix() + "-a" + attempt + (perVariant ? "-v" + v : "");
      String key = input.storyboardId() + "/" + shot.id() + "/" + step.subject() + "/a" + attempt + "/v" + v;
      GenerationRequest request = step.requests().build(prompt, key, v);
      ids.add(id);
      calls.add(Async.function(this::call, step, request, label(step.kind()) + " take " + id));
    }
    List<Take> made = new ArrayList<>();
    String failure = null;
    for (int i = 0; i < calls.size(); i++) {
      Called called = calls.get(i).get();
      if (called.failure() != null) {
        failure = failure == null ? called.failure() : failure;
        continue;
      }
      GenerationResult result = called.result();
      made.add(new Take(ids.get(i), step.subject(), kindName(step.kind()), result.asset(), result.provider(),
          result.providerJobId(), result.costUsd(), prompt, false, attempt, called.route(), result.outputVideoId()));
    }
    if (approveFirst && failure == null) {
      made.set(0, made.get(0).approve());
    }
    for (Take take : made) {
      record(take);
    }
    return new Round(made, failure);
  }

  /** One provider call's outcome: its result and route, or the failure ("TYPE: message") a human must decide on. */
  private record Called(GenerationResult result, String route, String failure) {}

  /**
   * Submits to the request's provider, and while a provider is down (see {@link #isDown}) to the next of
   * {@code fallback_providers} whose capabilities match the request; a stand-in that costs more asks the budget for
   * the difference first. A provider this shot found down within {@link #DOWN_FOR} is passed over without a try,
   * unless every candidate was. The route names every provider passed over or tried, ending with the one that took
   * the job. Once a provider accepts the job its wait is never failed over: the job may already be paid for.
   */
  private Called call(Step step, GenerationRequest request, String what) {
    List<String> candidates = candidates(request);
    long now = Workflow.currentTimeMillis();
    boolean anyUp = candidates.stream().anyMatch(p -> !recentlyDown(p, now));
    List<String> tried = candidates.stream().filter(p -> !anyUp || !recentlyDown(p, now)).toList();
    List<String> route = new ArrayList<>();
    ActivityFailure down = null;
    for (String provider : candidates) {
      route.add(provider);
      if (!tried.contains(provider)) {
        continue;
      }
      boolean last = tried.indexOf(provider) == tried.size() - 1;
      GenerationRequest routed = request.withProvider(provider);
      if (!provider.equals(request.provider())) {
        reserveDifference(step, request, provider);
      }
      String summary = what + " via " + provider;
      ProviderJob job;
      try {
        job = (last ? ActivityStubs.providerSubmit(provider, summary)
            : ActivityStubs.providerSubmitWithFallback(provider, summary, queueWait())).submit(routed);
      } catch (ActivityFailure e) {
        if (!isDown(e)) {
          return new Called(null, null, decisionReasonOrThrow(e));
        }
        down = e;
        downSince.put(provider, Workflow.currentTimeMillis());
        String why = provider + " is down for " + what + " (" + decisionReasonOrThrow(e) + ")";
        log.warn("shot {}: {}{}", shot.id(), why, last ? "" : "; failing over to " + tried.get(tried.indexOf(provider) + 1));
        if (!last) {
          detail = why + "; failing over to " + tried.get(tried.indexOf(provider) + 1);
          publish();
        }
        continue;
      }
      try {
        return new Called(ActivityStubs.providerAwait(provider, summary)
            .awaitResult(new ProviderActivities.AwaitRequest(job, routed)), String.join(ROUTE_ARROW, route), null);
      } catch (ActivityFailure e) {
        return new Called(null, null, decisionReasonOrThrow(e));
      }
    }
    return new Called(null, null, decisionReasonOrThrow(down) + " (route " + String.join(ROUTE_ARROW, route)
        + ": no provider left to fail over to)");
  }

  /** The request's provider, then every fallback that can serve the request ({@link ProviderCapabilities#canServe}). */
  private List<String> candidates(GenerationRequest request) {
    List<String> all = new ArrayList<>(List.of(request.provider()));
    for (String fallback : settings.fallbackProviders()) {
      if (!all.contains(fallback) && capabilities.canServe(fallback, request)) {
        all.add(fallback);
      }
    }
    return all;
  }

  private Duration queueWait() {
    Duration wait = settings.providerQueueWait();
    return wait != null ? wait : ActivityStubs.DEFAULT_PROVIDER_QUEUE_WAIT;
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
  private static boolean isDown(ActivityFailure e) {
    if (e.getCause() instanceof TimeoutFailure timeout) {
      return timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START;
    }
    if (e.getCause() instanceof ApplicationFailure failure) {
      ProviderError error = ProviderError.ofType(failure.getType());
      return error == ProviderError.TRANSIENT || error == ProviderError.RATE_LIMITED;
    }
    return false;
  }

  /** The stand-in's price beyond what the round reserved for the request's own provider, from the allowance or the budget. */
  private void reserveDifference(Step step, GenerationRequest request, String standIn) {
    BigDecimal extra = price(step.kind(), standIn, step.seconds()).subtract(price(step.kind(), request.provider(), step.seconds()));
    if (extra.signum() > 0) {
      reserve(extra, step.subject() + " on " + standIn);
    }
  }

  private BigDecimal price(GenerationKind kind, String provider, int seconds) {
    return rateCard.price(kind, provider, settings.model(), settings.tier(), seconds, capabilities);
  }

  /**
   * "TYPE: message" when a failed provider call needs a human: a non-retryable provider error, a retryable one
   * whose retries ran out, or a job that outlived its wait. Anything else is a defect and fails the shot.
   */
  private static String decisionReason(ActivityFailure e) {
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

  private void record(Take take) {
    takes.put(take.id(), take);
    if (take.costUsd() != null && take.costUsd().signum() > 0) {
      spend = spend.add(take.costUsd());
      Workflow.upsertTypedSearchAttributes(SearchAttributes.SPEND_USD.valueSet(spend.doubleValue()));
    }
    catalog().recordTake(new TakeRecord(input.storyboardId(), shot.id(), take));
  }

  private Take approve(Take take) {
    Take approved = take.approve();
    takes.put(approved.id(), approved);
    catalog().recordTake(new TakeRecord(input.storyboardId(), shot.id(), approved));
    return approved;
  }

  /** Waits for the reviewer's answer, applying the deadline policy when it does not come in time. */
  private ReviewDecision awaitDecision(PendingReview review) {
    String subject = review.subject();
    pending.put(subject, review);
    detail = review.reason() == null ? "awaiting review of " + subject : "awaiting a decision on " + subject + " after " + review.reason();
    publish();
    if (!Workflow.await(settings.review().deadline(), () -> answers.containsKey(subject))) {
      DeadlinePolicy policy = settings.review().deadlinePolicy();
      if (policy == DeadlinePolicy.CANCEL) {
        throw new ShotEnded(ShotStage.CANCELLED, "review of " + subject + " passed its deadline (on_deadline: cancel)");
      }
      if (policy == DeadlinePolicy.AUTO_APPROVE && !review.takes().isEmpty()) {
        accept(new ReviewDecision(subject, review.takes().get(0), Verdict.APPROVE,
            "review deadline passed (on_deadline: auto_approve)", null, "deadline", now()));
      } else {
        // pause, and auto_approve of a failure decision (there is no take to approve): wait for a human
        paused.add(subject);
        detail = "paused: review of " + subject + " passed its deadline";
        publish();
        Workflow.await(() -> answers.containsKey(subject));
        paused.remove(subject);
      }
    }
    pending.remove(subject);
    ReviewDecision decision = answers.remove(subject);
    log.info("shot {}: {} {} by {}", shot.id(), subject, decision.verdict(), decision.reviewer());
    publish();
    return decision;
  }

  private void accept(ReviewDecision decision) {
    int sequence = ++reviewSequence;
    answers.put(decision.subject(), decision);
    decisions.add(decision);
    catalog().recordReview(new ReviewRecord(input.storyboardId(), shot.id(), sequence, decision, true));
  }

  @Override
  public void validateReview(ReviewDecision decision) {
    String problem = problemWith(decision);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  @Override
  public ShotStatus review(ReviewDecision decision) {
    accept(decision);
    // return the state after the shot acted on the review (regenerating, the next stage, or done)
    Workflow.await(() -> !answers.containsKey(decision.subject()));
    return status();
  }

  @Override
  public void reviewSignal(ReviewDecision decision) {
    String problem = problemWith(decision);
    if (problem == null) {
      accept(decision);
      return;
    }
    log.warn("shot {}: ignored review signal: {}", shot.id(), problem);
    catalog().recordReview(new ReviewRecord(input.storyboardId(), shot.id(), ++reviewSequence, decision, false));
  }

  /** Why a review cannot be applied now, or null when it can. */
  private String problemWith(ReviewDecision decision) {
    if (decision == null || decision.subject() == null || decision.verdict() == null) {
      return "a review needs a subject and a verdict";
    }
    String subject = decision.subject();
    PendingReview review = pending.get(subject);
    if (review == null || answers.containsKey(subject)) {
      List<String> open = pending.keySet().stream().filter(s -> !answers.containsKey(s)).toList();
      return subject + " is not awaiting review" + (open.isEmpty() ? "" : " (awaiting: " + String.join(", ", open) + ")");
    }
    String verdict = decision.verdict().name().toLowerCase(Locale.ROOT);
    if (review.takes().isEmpty()) {
      if (decision.verdict() == Verdict.APPROVE) {
        return subject + " awaits a decision after " + review.reason() + ": answer retry, reject (with a revised prompt) or skip";
      }
      return decision.take() == null ? null : subject + " has no takes to pick after a failure; leave take empty";
    }
    if (decision.verdict() != Verdict.APPROVE && decision.verdict() != Verdict.REJECT) {
      return subject + " awaits a take review: answer approve or reject, not " + verdict;
    }
    if (decision.take() == null) {
      return decision.verdict() == Verdict.APPROVE && review.takes().size() > 1
          ? subject + " has " + review.takes().size() + " takes (" + String.join(", ", review.takes()) + "); name the take to approve"
          : null;
    }
    return review.takes().contains(decision.take()) ? null
        : "take " + decision.take() + " is not under review for " + subject + " (takes: " + String.join(", ", review.takes()) + ")";
  }

  // ---------------------------------------------------------------- budget

  /** Reserves this round's estimated price from the allowance; beyond it, asks the storyboard and waits. */
  private void charge(Step step) {
    BigDecimal price = price(step.kind(), step.provider(), step.seconds()).multiply(BigDecimal.valueOf(step.variants()));
    if (price.signum() > 0) {
      reserve(price, step.subject());
    }
  }

  /** Takes {@code price} from the allowance; what the allowance lacks is asked of the storyboard (a refusal skips the shot). */
  private void reserve(BigDecimal price, String subject) {
    if (allowance.compareTo(price) >= 0) {
      allowance = allowance.subtract(price);
      return;
    }
    BigDecimal shortfall = price.subtract(allowance);
    allowance = BigDecimal.ZERO;
    int seq = ++spendSequence;
    awaitingGrant.add(seq);
    detail = "awaiting budget: $" + shortfall.toPlainString() + " more for " + subject;
    publish();
    Workflow.newExternalWorkflowStub(StoryboardWorkflow.class, input.parentWorkflowId())
        .requestSpend(new SpendRequest(shot.id(), Workflow.getInfo().getWorkflowId(), seq, shortfall, subject));
    Workflow.await(() -> grants.containsKey(seq));
    awaitingGrant.remove(seq);
    if (!grants.get(seq)) {
      throw new ShotEnded(ShotStage.SKIPPED, "the storyboard refused $" + shortfall.toPlainString() + " for " + subject);
    }
  }

  @Override
  public void spendGranted(SpendGrant grant) {
    grants.put(grant.seq(), grant.granted());
  }

  // ---------------------------------------------------------------- stage, search attributes, catalog

  private ShotStage currentStage() {
    if (!awaitingGrant.isEmpty()) {
      return ShotStage.AWAITING_BUDGET;
    }
    if (pending.values().stream().anyMatch(p -> p.takes().isEmpty())) {
      return ShotStage.AWAITING_DECISION;
    }
    if (!paused.isEmpty()) {
      return ShotStage.PAUSED;
    }
    if (!pending.isEmpty()) {
      return switch (phase) {
        case KEYFRAMES -> ShotStage.KEYFRAME_REVIEW;
        case CLIP -> ShotStage.CLIP_REVIEW;
        case EXTEND -> ShotStage.EXTEND_REVIEW;
        case LIP_SYNC -> ShotStage.LIP_SYNC_REVIEW;
        default -> phase;
      };
    }
    return phase;
  }

  private CatalogWriter catalog() {
    if (catalog == null) {
      catalog = CatalogWriter.create();
    }
    return catalog;
  }

  /**
   * Publishes the stage: search attributes when it changed, current details always, and the catalog when anything its
   * record holds did.
   */
  private void publish() {
    ShotStage now = currentStage();
    boolean reviewing = !pending.isEmpty();
    Workflow.setCurrentDetails(details(now));
    boolean changed = now != stage || reviewing != awaitingReview;
    if (changed) {
      stage = now;
      awaitingReview = reviewing;
      Workflow.upsertTypedSearchAttributes(
          SearchAttributes.STAGE.valueSet(now.value()),
          SearchAttributes.AWAITING_REVIEW.valueSet(reviewing));
      log.info("shot {}: stage {} ({})", shot.id(), now.value(), detail);
    }
    ShotStageRecord record = new ShotStageRecord(input.storyboardId(), shot.id(), now, spend, detail,
        List.copyOf(pending.values()));
    if (!record.equals(recorded)) {
      recorded = record;
      catalog().recordShotStage(record);
    }
  }

  private void finish(ShotStage outcome, String why) {
    pending.clear();
    paused.clear();
    awaitingGrant.clear();
    phase = outcome;
    detail = why;
    publish();
  }

  private String details(ShotStage now) {
    long approved = takes.values().stream().filter(Take::approved).count();
    StringBuilder md = new StringBuilder()
        .append("| shot | stage | takes | approved | spend |\n|---|---|---|---|---|\n")
        .append("| ").append(shot.id()).append(" | ").append(now.value()).append(" | ").append(takes.size())
        .append(" | ").append(approved).append(" | $").append(spend.toPlainString()).append(" |\n\n")
        .append(detail);
    if (!pending.isEmpty()) {
      md.append("\n\nAwaiting: ").append(pending.values().stream()
          .map(p -> p.subject() + (p.takes().isEmpty() ? " (decision)" : " (" + String.join(", ", p.takes()) + ")"))
          .collect(Collectors.joining("; ")));
    }
    return md.toString();
  }

  @Override
  public ShotStatus status() {
    return new ShotStatus(shot.id(), stage, List.copyOf(takes.values()), List.copyOf(pending.values()), spend, detail);
  }

  private static String now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString();
  }

  private String deadline() {
    Duration wait = settings.review().deadline();
    return Instant.ofEpochMilli(Workflow.currentTimeMillis()).plus(wait).toString();
  }

  private static String kindName(GenerationKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static String label(GenerationKind kind) {
    return switch (kind) {
      case KEYFRAME -> "keyframe";
      case CLIP -> "clip";
      case EXTEND -> "extend";
      case LIP_SYNC -> "lip-sync";
    };
  }

  /** Ends the shot early with an outcome (skipped by a reviewer, cancelled by the deadline policy). */
  private static final class ShotEnded extends RuntimeException {
    private final ShotStage outcome;

    ShotEnded(ShotStage outcome, String why) {
      super(why, null, false, false);
      this.outcome = outcome;
    }
  }
}
