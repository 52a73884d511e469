package io.shotflow.activities.provider.local;

import io.shotflow.activities.FileJson;
import io.shotflow.asset.AssetStore;
import io.shotflow.media.AssetRef;
import io.shotflow.activities.media.MediaInputException;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.JobNotifications;
import io.shotflow.activities.provider.JobState;
import io.shotflow.activities.provider.ProviderAdapter;
import io.shotflow.provider.ProviderError;
import io.shotflow.activities.provider.ProviderException;
import io.shotflow.activities.provider.SubmitLookup;
import io.shotflow.provider.ProviderJob;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import io.shotflow.review.Subjects;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free, offline provider: renders real media (storyboard-card keyframes, animatic clips, extends, lip-sync from
 * dialogue audio or from a line of text) on
 * this machine. It behaves like a remote provider where it matters: a job id derived from the idempotency key (so a
 * repeated submit is the same job), job records on disk that survive restarts, a configurable latency before a job
 * finishes and a configurable rate of transient submit failures.
 *
 * <p>A submit schedules the render for the end of the latency (a timer, no sleeping thread) on a pool no larger than
 * the machine's cores; the output is written atomically and the waiting side is told through
 * {@link JobNotifications}, like a webhook. Polls only report: running while queued or rendering, succeeded once the
 * file exists. After a restart, the first poll of a job with a record and no output schedules it again.
 */
@Singleton
public class LocalProvider implements ProviderAdapter, AutoCloseable {

  public static final String NAME = "local";

  private static final Logger LOG = LoggerFactory.getLogger(LocalProvider.class);

  /** What is kept per job: the request, when it was first submitted and how often it was submitted. */
  record JobRecord(
      String jobId, String idempotencyKey, GenerationRequest request, String submittedAt, int submissions) {}

  private final Duration latency;
  private final double failureRate;
  private final Path jobsDir;
  private final AssetStore store;
  private final JobNotifications notifications;
  private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();
  /** Jobs whose render is waiting out its latency, queued or running in this process. */
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
  private final ScheduledThreadPoolExecutor timer;
  private final ThreadPoolExecutor renderers;

  @Inject
  public LocalProvider(ProviderSettingsRegistry settings, AssetStore store, JobNotifications notifications) {
    this(settings.get(NAME), store, notifications);
  }

  public LocalProvider(ProviderSettings config, AssetStore store, JobNotifications notifications) {
    this.latency = config.getLatency();
    this.failureRate = config.getFailureRate();
    this.jobsDir = Path.of(config.getJobsDir()).toAbsolutePath().normalize();
    this.store = store;
    this.notifications = notifications;
    this.timer = new ScheduledThreadPoolExecutor(1, daemon("local-provider-timer"));
    int threads = Math.max(1, Math.min(config.getRenderThreads(), Runtime.getRuntime().availableProcessors()));
    this.renderers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        daemon("local-provider-render"));
    renderers.allowCoreThreadTimeOut(true);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String submit(GenerationRequest request) {
    validate(request);
    if (failureRate > 0 && ThreadLocalRandom.current().nextDouble() < failureRate) {
      throw new ProviderException(ProviderError.TRANSIENT, "local provider: simulated transient failure on submit");
    }
    String jobId = jobId(request.idempotencyKey());
    JobRecord record;
    synchronized (lock(jobId)) {
      JobRecord existing = read(jobId);
      record = existing == null
          ? new JobRecord(jobId, request.idempotencyKey(), request, Instant.now().toString(), 1)
          : new JobRecord(jobId, existing.idempotencyKey(), existing.request(), existing.submittedAt(),
              existing.submissions() + 1);
      write(jobId, record);
    }
    if (!Files.exists(output(record))) {
      schedule(record);
    }
    return jobId;
  }

  /** The job record on disk, written once a submit is accepted: authoritative ({@code SubmitRules.LOCAL}). */
  @Override
  public SubmitLookup findSubmitted(GenerationRequest request, Instant sentAt) {
    String jobId = jobId(request.idempotencyKey());
    return read(jobId) != null ? new SubmitLookup.Found(jobId) : new SubmitLookup.NotAccepted();
  }

  @Override
  public JobState poll(ProviderJob job, GenerationRequest request) {
    JobRecord record = read(job.jobId());
    if (record == null) {
      return new JobState.Failed(ProviderError.JOB_FAILED, "local provider: unknown job " + job.jobId());
    }
    Path output = output(record);
    if (Files.exists(output)) {
      return JobState.Succeeded.file(output, BigDecimal.ZERO, contentType(record.request().kind()));
    }
    Path failure = failureFile(job.jobId());
    if (Files.exists(failure)) {
      return new JobState.Failed(ProviderError.JOB_FAILED, "local provider: " + readFailure(failure));
    }
    schedule(record);
    return new JobState.Running();
  }

  @Override
  public boolean notifies() {
    return true;
  }

  /** Renders the job at the end of its latency unless that is already arranged in this process. */
  private void schedule(JobRecord record) {
    if (!scheduled.add(record.jobId())) {
      return;
    }
    Instant due = Instant.parse(record.submittedAt()).plus(latency);
    long delay = Math.max(0, Duration.between(Instant.now(), due).toMillis());
    timer.schedule(() -> renderers.execute(() -> renderAndNotify(record)), delay, TimeUnit.MILLISECONDS);
  }

  private void renderAndNotify(JobRecord record) {
    String jobId = record.jobId();
    Path output = output(record);
    try {
      if (!Files.exists(output) && !Files.exists(failureFile(jobId))) {
        try {
          render(record.request(), output);
        } catch (MediaInputException e) {
          writeFailure(jobId, e.getMessage());
        }
      }
    } catch (IOException | RuntimeException e) {
      // a poll schedules it again; no notification, so a lasting fault cannot turn into a render loop
      scheduled.remove(jobId);
      LOG.warn("local provider: rendering job {} failed; it is rendered again on the next poll", jobId, e);
      return;
    }
    scheduled.remove(jobId);
    notifications.jobChanged(NAME, jobId);
  }

  /** How many times this idempotency key was submitted (0 when never). */
  public int submissions(String idempotencyKey) {
    JobRecord record = read(jobId(idempotencyKey));
    return record == null ? 0 : record.submissions();
  }

  static String jobId(String idempotencyKey) {
    return "local-" + Seeds.hex(idempotencyKey, 24);
  }

  private void validate(GenerationRequest r) {
    require(r.idempotencyKey() != null && !r.idempotencyKey().isBlank(), "idempotency_key is required");
    require(r.kind() != null, "kind is required");
    switch (r.kind()) {
      case KEYFRAME -> require(r.width() >= 16 && r.height() >= 16, "width and height must be at least 16 px");
      case CLIP, EXTEND -> {
        require(r.width() > 0 && r.height() > 0 && r.width() % 2 == 0 && r.height() % 2 == 0,
            "width and height must be positive and even for video, got " + r.width() + "x" + r.height());
        require(r.fps() > 0, "fps must be positive");
        require(r.durationSeconds() > 0, "duration must be positive");
        requireAsset(r.startFrame(), "start_frame");
        if (r.kind() == GenerationKind.CLIP && r.endFrame() != null) {
          requireAsset(r.endFrame(), "end_frame");
        }
      }
      case LIP_SYNC -> {
        requireAsset(r.sourceVideo(), "source_video");
        if (r.speech() == null) {
          requireAsset(r.audio(), "audio");
        } else {
          require(r.speech().text() != null && !r.speech().text().isBlank(), "speech.text is required");
          require(r.speech().voiceSpeed() > 0, "speech.voice_speed must be positive");
        }
      }
    }
    for (int i = 0; i < r.references().size(); i++) {
      requireAsset(r.references().get(i), "references[" + i + "]");
    }
  }

  private void requireAsset(AssetRef ref, String field) {
    require(ref != null, field + " is required");
    require(store.exists(ref.id()), field + ": unknown asset " + ref.uri());
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new ProviderException(ProviderError.INVALID_REQUEST, "local provider: " + message);
    }
  }

  private void render(GenerationRequest r, Path output) throws IOException {
    long started = System.nanoTime();
    Files.createDirectories(jobsDir);
    Path temp = Files.createTempFile(jobsDir, ".render-", "." + extension(r.kind()));
    try {
      switch (r.kind()) {
        case KEYFRAME -> new KeyframeRenderer().renderPng(r.shotId(), r.prompt(), which(r), r.variant(),
            r.width(), r.height(), references(r), temp);
        case CLIP, EXTEND -> {
          BufferedImage start = image(r.startFrame());
          BufferedImage end = r.kind() == GenerationKind.CLIP && r.endFrame() != null ? image(r.endFrame()) : null;
          int frames = r.durationSeconds() * r.fps();
          String label = r.shotId() + " · " + r.kind().name() + " v" + r.variant();
          new ClipRenderer().render(new ClipRenderer.Clip(start, end, r.width(), r.height(), r.fps(), frames,
                  Seeds.of("direction", r.shotId(), Integer.toString(r.variant())),
                  Seeds.of("pace", r.kind().name(), r.prompt() == null ? "" : r.prompt()), label, references(r),
                  sound(r)),
              temp, n -> { });
        }
        case LIP_SYNC -> {
          Path video = store.path(r.sourceVideo().id());
          if (r.speech() != null) {
            new LipSyncRenderer().renderText(video, r.speech().text(), r.speech().voiceSpeed(), temp, n -> { });
          } else {
            new LipSyncRenderer().render(video, store.path(r.audio().id()), temp, n -> { });
          }
        }
      }
      Files.move(temp, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (r.kind() == GenerationKind.CLIP || r.kind() == GenerationKind.EXTEND) {
      int frames = r.durationSeconds() * r.fps();
      LOG.info("local {} for shot {}: {} frames {}x{} in {} s ({} frames/s)", r.kind(), r.shotId(), frames,
          r.width(), r.height(), String.format("%.2f", seconds), String.format("%.0f", frames / seconds));
    } else {
      LOG.info("local {} for shot {} in {} s", r.kind(), r.shotId(), String.format("%.2f", seconds));
    }
  }

  /** The character references of the request, read from the asset store. */
  private List<BufferedImage> references(GenerationRequest r) throws IOException {
    List<BufferedImage> images = new ArrayList<>();
    for (AssetRef ref : r.references()) {
      images.add(image(ref));
    }
    return images;
  }

  /** Native audio: the clip speaks its line (an extend step has room tone only); null: a silent clip. */
  private static ClipRenderer.Sound sound(GenerationRequest r) {
    if (!r.nativeAudio()) {
      return null;
    }
    return r.speech() == null ? new ClipRenderer.Sound(null, 1.0)
        : new ClipRenderer.Sound(r.speech().text(), r.speech().voiceSpeed() > 0 ? r.speech().voiceSpeed() : 1.0);
  }

  /** End keyframes are told apart by their review subject inside the idempotency key. */
  private static KeyframeRenderer.Which which(GenerationRequest r) {
    return r.idempotencyKey().contains(Subjects.keyframe(r.shotId(), "end"))
        ? KeyframeRenderer.Which.END : KeyframeRenderer.Which.START;
  }

  private BufferedImage image(AssetRef ref) throws IOException {
    BufferedImage image = ImageIO.read(store.path(ref.id()).toFile());
    if (image == null) {
      throw new MediaInputException(ref.uri() + " is not a readable image");
    }
    return image;
  }

  private Path output(JobRecord record) {
    return jobsDir.resolve(record.jobId() + "." + extension(record.request().kind()));
  }

  private Path failureFile(String jobId) {
    return jobsDir.resolve(jobId + ".failed");
  }

  private void writeFailure(String jobId, String message) throws IOException {
    Files.writeString(failureFile(jobId), message == null ? "rendering failed" : message);
  }

  private static String readFailure(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ProviderException(ProviderError.TRANSIENT, "local provider: cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String extension(GenerationKind kind) {
    return kind == GenerationKind.KEYFRAME ? "png" : "mp4";
  }

  private static String contentType(GenerationKind kind) {
    return kind == GenerationKind.KEYFRAME ? "image/png" : "video/mp4";
  }

  private Object lock(String jobId) {
    return locks.computeIfAbsent(jobId, id -> new Object());
  }

  private JobRecord read(String jobId) {
    Path file = jobsDir.resolve(jobId + ".json");
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return FileJson.MAPPER.readValue(file.toFile(), JobRecord.class);
    } catch (IOException e) {
      throw new UncheckedIOException("local provider: unreadable job record " + file, e);
    }
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
    renderers.shutdownNow();
  }

  private void write(String jobId, JobRecord record) {
    try {
      Files.createDirectories(jobsDir);
      Path temp = Files.createTempFile(jobsDir, ".job-", ".json");
      try {
        FileJson.MAPPER.writeValue(temp.toFile(), record);
        Files.move(temp, jobsDir.resolve(jobId + ".json"), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new ProviderException(ProviderError.TRANSIENT,
          "local provider: cannot write job record: " + e.getMessage());
    }
  }
}
