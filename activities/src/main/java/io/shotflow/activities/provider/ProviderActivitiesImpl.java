package io.shotflow.activities.provider;

import io.shotflow.asset.AssetStore;
import io.shotflow.activities.media.ActivityHeartbeat;
import io.shotflow.catalog.SubmissionLedger;
import io.shotflow.catalog.SubmissionLedger.Submission;
import io.shotflow.media.AssetRef;
import io.shotflow.activities.media.MediaInputException;
import io.shotflow.activities.media.MediaProbe;
import io.shotflow.media.MediaTypes;
import io.shotflow.platform.provider.DownloadSettings;
import io.shotflow.platform.provider.DownloadSettings.MediaKind;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import io.temporal.activity.Activity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import io.shotflow.activity.ProviderActivities;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.JobCheck;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;

/**
 * The provider activities over every {@link ProviderAdapter} bean, holding nothing in memory between calls.
 *
 * <p>{@code submit} marks the request in the {@link SubmissionLedger} before it sends it. A mark without a job id,
 * found by a later attempt, or a failure that may have reached the provider ({@link
 * ProviderException#mayHaveBeenAccepted()}) is settled by looking the job up ({@link ProviderAdapter#findSubmitted}):
 * found, it is adopted; certainly absent, it is sent again; unknowable, it becomes {@link
 * ProviderError#AMBIGUOUS_SUBMIT}, a human's decision. Only a failure that certainly reached nothing leaves this
 * activity retryable, so Temporal's retries and the shot's failover never pay twice.
 *
 * <p>The mark also takes one of the provider's slots ({@code max-concurrent} jobs in flight, {@code max-per-second}
 * submits), counted in the ledger across every worker; when none is free the submit fails with {@link
 * ProviderError#PROVIDER_BUSY} before anything is sent, and the workflow waits it out. {@code check} frees the slot
 * when it sees the job end.
 *
 * <p>{@code check} asks the provider once; a finished job's output is copied into the asset store at once (provider
 * URLs expire), heartbeating, so a lost worker is noticed within the check's heartbeat timeout.
 */
@Singleton
public class ProviderActivitiesImpl implements ProviderActivities {

  private final Map<String, ProviderAdapter> adapters;
  private final AssetStore store;
  private final OutputDownloader downloader;
  private final SubmissionLedger ledger;
  private final JobChecks checks;
  private final Function<String, SubmissionLedger.Limits> limits;

  @Inject
  public ProviderActivitiesImpl(List<ProviderAdapter> adapters, AssetStore store, SubmissionLedger ledger,
      ProviderSettingsRegistry settings, ProviderHttp http, DownloadSettings downloads) {
    this(adapters, store, ledger, new JobChecks(settings), new OutputDownloader(http, downloads), provider -> {
      ProviderSettings configured = settings.get(provider);
      return new SubmissionLedger.Limits(configured.getMaxConcurrent(), configured.getMaxPerSecond(),
          configured.getMaxJobWait());
    });
  }

  /** Without provider limits (tests of everything else). */
  ProviderActivitiesImpl(List<ProviderAdapter> adapters, AssetStore store, SubmissionLedger ledger, JobChecks checks,
      OutputDownloader downloader) {
    this(adapters, store, ledger, checks, downloader, provider -> SubmissionLedger.Limits.NONE);
  }

  ProviderActivitiesImpl(List<ProviderAdapter> adapters, AssetStore store, SubmissionLedger ledger, JobChecks checks,
      OutputDownloader downloader, Function<String, SubmissionLedger.Limits> limits) {
    this.adapters = adapters.stream().collect(Collectors.toUnmodifiableMap(ProviderAdapter::name, Function.identity()));
    this.store = store;
    this.ledger = ledger;
    this.checks = checks;
    this.downloader = downloader;
    this.limits = limits;
  }

  @Override
  public ProviderJob submit(GenerationRequest request) {
    ProviderAdapter adapter = adapter(request.provider());
    Submission earlier = ledger.find(request.idempotencyKey(), adapter.name()).orElse(null);
    if (earlier != null && earlier.accepted()) {
      return job(adapter, request, earlier.jobId());
    }
    if (earlier != null) {
      String jobId = settle(adapter, request, earlier, "an earlier attempt ended before the provider's answer was "
          + "recorded");
      if (jobId != null) {
        return job(adapter, request, jobId);
      }
    }
    Submission marked;
    try {
      marked = ledger.sending(request.idempotencyKey(), adapter.name(), workflowId(), limits.apply(adapter.name()));
    } catch (SubmissionLedger.ProviderBusy busy) {
      throw busy.retryAfter() == null ? ProviderError.PROVIDER_BUSY.failure(busy.getMessage())
          : ProviderError.PROVIDER_BUSY.failureAfter(busy.getMessage(), busy.retryAfter());
    }
    if (marked.accepted()) {
      return job(adapter, request, marked.jobId());
    }
    String jobId;
    try {
      jobId = adapter.submit(request);
    } catch (ProviderException e) {
      if (!e.mayHaveBeenAccepted()) {
        ledger.notSent(marked);
        throw e.failure();
      }
      jobId = settle(adapter, request, marked, e.getMessage());
      if (jobId == null) {
        // certainly not accepted after all: the mark is gone and the next attempt sends afresh
        throw e.failure();
      }
      return job(adapter, request, jobId);
    }
    ledger.accepted(marked, jobId);
    return job(adapter, request, jobId);
  }

  /**
   * Settles a request that may have reached the provider: the job id when the provider holds it (recorded), null
   * when it certainly does not (the mark is withdrawn); otherwise a human decides.
   */
  private String settle(ProviderAdapter adapter, GenerationRequest request, Submission marked, String why) {
    SubmitLookup found;
    try {
      found = adapter.findSubmitted(request, marked.sentAt());
    } catch (ProviderException e) {
      String message = "the submit to " + adapter.name() + " may have reached it (" + why
          + ") and looking the job up failed: " + e.getMessage() + "; looking again";
      throw e.retryAfter() == null ? ProviderError.SUBMIT_UNCONFIRMED.failure(message)
          : ProviderError.SUBMIT_UNCONFIRMED.failureAfter(message, e.retryAfter());
    }
    if (found instanceof SubmitLookup.Found job) {
      ledger.accepted(marked, job.jobId());
      return job.jobId();
    }
    if (found instanceof SubmitLookup.NotAccepted) {
      ledger.notSent(marked);
      return null;
    }
    throw ProviderCalls.ambiguousSubmit(adapter.name(), request.model(),
        why + "; " + ((SubmitLookup.Unknown) found).why()).failure();
  }

  private ProviderJob job(ProviderAdapter adapter, GenerationRequest request, String jobId) {
    return new ProviderJob(adapter.name(), jobId, request.idempotencyKey(), checks.firstCheckIn(adapter));
  }

  @Override
  public JobCheck check(CheckRequest check) {
    ProviderJob job = check.job();
    ProviderAdapter adapter = adapter(job.provider());
    ActivityHeartbeat.current().beat("asking " + job.provider() + " about job " + job.jobId());
    JobState state;
    try {
      state = adapter.poll(job, check.request());
      if (!(state instanceof JobState.Running)) {
        // the provider counts the job no more: its slot is free before the output is copied
        ledger.ended(job.provider(), job.jobId());
      }
      if (state instanceof JobState.Succeeded done) {
        return JobCheck.done(collect(job, done, expectedKind(check.request())));
      }
    } catch (ProviderException e) {
      throw e.failure();
    }
    if (state instanceof JobState.Failed failed) {
      throw failed.error().failure(failed.message());
    }
    String status = ((JobState.Running) state).status();
    return JobCheck.running(status, checks.nextCheckIn(adapter, job, check.waitingSinceMillis()));
  }

  /** A keyframe job makes an image; every other kind a video. */
  private static MediaKind expectedKind(GenerationRequest request) {
    return request != null && request.kind() == GenerationKind.KEYFRAME ? MediaKind.IMAGE : MediaKind.VIDEO;
  }

  private GenerationResult collect(ProviderJob job, JobState.Succeeded done, MediaKind expected) {
    ActivityHeartbeat heartbeat = ActivityHeartbeat.current();
    try {
      AssetRef asset;
      if (done.localFile() != null) {
        asset = store.put(done.localFile(), contentType(done.contentType(), null, done.localFile().toString()));
      } else {
        Path temp = Files.createTempFile("shotflow-download-", ".part");
        try {
          OutputDownloader.Download download = downloader.fetch(job.provider(), done.url(), expected, temp,
              heartbeat);
          asset = store.put(temp, contentType(done.contentType(), download.contentType(), done.url().getPath()));
        } finally {
          Files.deleteIfExists(temp);
        }
      }
      double seconds = asset.contentType().startsWith("video/")
          ? MediaProbe.probe(store.path(asset.id())).durationSeconds() : 0;
      return new GenerationResult(asset, job.provider(), job.jobId(), done.costUsd(), seconds, done.outputVideoId());
    } catch (MediaInputException e) {
      throw ProviderError.JOB_FAILED.failure("job " + job.jobId() + " returned unusable media: " + e.getMessage());
    } catch (IOException e) {
      if (OutputDownloader.isOutOfSpace(e)) {
        throw ProviderError.LOCAL_STORAGE.failure("cannot keep the output of job " + job.jobId() + " on this worker: "
            + e.getMessage() + "; free space (or raise the quota), then decide");
      }
      throw new UncheckedIOException("cannot store the output of job " + job.jobId(), e);
    }
  }

  /** The adapter's type, else the download's, else the one the file name implies. */
  private static String contentType(String declared, String served, String name) {
    for (String type : new String[] {declared, served}) {
      if (type != null && !type.isBlank() && !"application/octet-stream".equals(type.split(";")[0].trim())) {
        return type;
      }
    }
    return MediaTypes.forFileName(name);
  }

  /** The workflow this attempt works for, which a webhook about its job will signal. */
  private static String workflowId() {
    try {
      return Activity.getExecutionContext().getInfo().getWorkflowId();
    } catch (IllegalStateException notInAnActivity) {
      return "";
    }
  }

  private ProviderAdapter adapter(String provider) {
    ProviderAdapter adapter = provider == null ? null : adapters.get(provider);
    if (adapter == null) {
      throw ProviderError.INVALID_REQUEST.failure("provider: unknown provider '" + provider + "' (known: "
          + adapters.keySet().stream().sorted().toList() + ")");
    }
    return adapter;
  }
}
