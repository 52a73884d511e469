package io.shotflow.activities.provider;

import io.shotflow.asset.AssetStore;
import io.shotflow.activities.media.ActivityHeartbeat;
import io.shotflow.media.AssetRef;
import io.shotflow.activities.media.MediaInputException;
import io.shotflow.activities.media.MediaProbe;
import io.shotflow.media.MediaTypes;
import io.shotflow.platform.provider.ProviderHttp;
import io.temporal.failure.ApplicationFailure;
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
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;

/**
 * The provider activities over every {@link ProviderAdapter} bean. {@code submit} returns the job id so it lands in
 * history, and a worker crash never submits again; {@code awaitResult} waits through {@link JobWatch}, which completes
 * the attempt when the job ends (notified or polled) without holding a thread. A finished job's output is copied into
 * the asset store at once (provider URLs expire).
 */
@Singleton
public class ProviderActivitiesImpl implements ProviderActivities {

  private final Map<String, ProviderAdapter> adapters;
  private final AssetStore store;
  private final OutputDownloader downloader;
  private final JobWatch watch;

  @Inject
  public ProviderActivitiesImpl(List<ProviderAdapter> adapters, AssetStore store, JobWatch watch, ProviderHttp http) {
    this.adapters = adapters.stream().collect(Collectors.toUnmodifiableMap(ProviderAdapter::name, Function.identity()));
    this.store = store;
    this.watch = watch;
    this.downloader = new OutputDownloader(http);
  }

  @Override
  public ProviderJob submit(GenerationRequest request) {
    ProviderAdapter adapter = adapter(request.provider());
    try {
      return new ProviderJob(adapter.name(), adapter.submit(request), request.idempotencyKey());
    } catch (ProviderException e) {
      throw e.failure();
    }
  }

  @Override
  public GenerationResult awaitResult(AwaitRequest await) {
    ProviderAdapter adapter = adapter(await.job().provider());
    return watch.await(await.job(), await.request(), adapter.notifies(), this::check);
  }

  /**
   * Polls the job once: its result, once the output is in the asset store, or null while it runs. A failed job is
   * an {@link ApplicationFailure} of its {@link ProviderError}; a failed call is a {@link ProviderException}.
   */
  GenerationResult check(ProviderJob job, GenerationRequest request) {
    JobState state = adapter(job.provider()).poll(job, request);
    if (state instanceof JobState.Succeeded done) {
      return collect(job, done);
    }
    if (state instanceof JobState.Failed failed) {
      throw failed.error().failure(failed.message());
    }
    return null;
  }

  private GenerationResult collect(ProviderJob job, JobState.Succeeded done) {
    ActivityHeartbeat heartbeat = ActivityHeartbeat.current();
    try {
      AssetRef asset;
      if (done.localFile() != null) {
        asset = store.put(done.localFile(), contentType(done.contentType(), null, done.localFile().toString()));
      } else {
        Path temp = Files.createTempFile("shotflow-download-", ".part");
        try {
          OutputDownloader.Download download = downloader.fetch(job.provider(), done.url(), temp, heartbeat);
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

  private ProviderAdapter adapter(String provider) {
    ProviderAdapter adapter = provider == null ? null : adapters.get(provider);
    if (adapter == null) {
      throw ProviderError.INVALID_REQUEST.failure("provider: unknown provider '" + provider + "' (known: "
          + adapters.keySet().stream().sorted().toList() + ")");
    }
    return adapter;
  }
}
