package io.shotflow.provider;

import io.shotflow.asset.AssetStore;
import io.shotflow.media.ActivityHeartbeat;
import io.shotflow.media.AssetRef;
import io.shotflow.media.MediaInputException;
import io.shotflow.media.MediaProbe;
import io.shotflow.media.MediaTypes;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The provider activities over every {@link ProviderAdapter} bean. {@code submit} returns the job id so it lands in
 * history; {@code awaitResult} polls once per attempt: still running throws the retryable
 * {@link ProviderError#JOB_PENDING}, so Temporal's retry interval is the poll interval and a worker crash never
 * submits again. A finished job's output is copied into the asset store at once (provider URLs expire).
 */
@Singleton
public class ProviderActivitiesImpl implements ProviderActivities {

  private final Map<String, ProviderAdapter> adapters;
  private final AssetStore store;
  private final OutputDownloader downloader;

  @Inject
  public ProviderActivitiesImpl(List<ProviderAdapter> adapters, AssetStore store) {
    this(adapters, store, HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(30))
        .build());
  }

  public ProviderActivitiesImpl(List<ProviderAdapter> adapters, AssetStore store, HttpClient http) {
    this.adapters = adapters.stream().collect(Collectors.toUnmodifiableMap(ProviderAdapter::name, Function.identity()));
    this.store = store;
    this.downloader = new OutputDownloader(http);
  }

  @Override
  public ProviderJob submit(GenerationRequest request) {
    ProviderAdapter adapter = adapter(request.provider());
    try {
      return new ProviderJob(adapter.name(), adapter.submit(request), request.idempotencyKey());
    } catch (ProviderException e) {
      throw failure(e);
    }
  }

  @Override
  public GenerationResult awaitResult(AwaitRequest await) {
    ProviderJob job = await.job();
    ProviderAdapter adapter = adapter(job.provider());
    JobState state;
    try {
      state = adapter.poll(job, await.request());
    } catch (ProviderException e) {
      throw failure(e);
    }
    if (state instanceof JobState.Succeeded done) {
      return collect(job, done);
    }
    if (state instanceof JobState.Failed failed) {
      throw failed.error().failure(failed.message());
    }
    throw ProviderError.JOB_PENDING.failure("job " + job.jobId() + " on " + job.provider() + " is still running");
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
          OutputDownloader.Download download;
          try {
            download = downloader.fetch(done.url(), temp, heartbeat);
          } catch (ProviderException e) {
            throw failure(e);
          }
          asset = store.put(temp, contentType(done.contentType(), download.contentType(), done.url().getPath()));
        } finally {
          Files.deleteIfExists(temp);
        }
      }
      double seconds = asset.contentType().startsWith("video/")
          ? MediaProbe.probe(store.path(asset.id())).durationSeconds() : 0;
      return new GenerationResult(asset, job.provider(), job.jobId(), done.costUsd(), seconds);
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

  private static ApplicationFailure failure(ProviderException e) {
    return e.retryAfter() == null
        ? e.error().failure(e.getMessage())
        : e.error().failureAfter(e.getMessage(), e.retryAfter());
  }
}
