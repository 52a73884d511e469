package io.shotflow.activities.provider.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.asset.FileAssetStore;
import io.shotflow.media.AssetRef;
import io.shotflow.activities.media.MediaProbe;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.activities.provider.JobState;
import io.shotflow.provider.ProviderError;
import io.shotflow.activities.provider.ProviderException;
import io.shotflow.provider.ProviderJob;
import io.shotflow.testing.Requests;
import io.shotflow.testing.TestMedia;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProviderTest {

  @TempDir Path dir;

  private FileAssetStore store;
  /** Job ids the providers announced, in order. */
  private final BlockingQueue<String> notified = new LinkedBlockingQueue<>();
  private final List<LocalProvider> providers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    store = new FileAssetStore(dir.resolve("assets"));
  }

  @AfterEach
  void tearDown() {
    providers.forEach(LocalProvider::close);
  }

  private LocalProvider provider(Duration latency, double failureRate) {
    ProviderSettings config = new ProviderSettings("local");
    config.setLatency(latency);
    config.setFailureRate(failureRate);
    config.setJobsDir(dir.resolve("jobs").toString());
    LocalProvider provider = new LocalProvider(config, store, (name, jobId) -> {
      assertEquals("local", name);
      notified.add(jobId);
    });
    providers.add(provider);
    return provider;
  }

  @Test
  void runsForTheLatencyThenRendersTheKeyframeAndNotifies() throws Exception {
    LocalProvider local = provider(Duration.ofMillis(400), 0);
    GenerationRequest request = Requests.keyframe("reveal", "start", "A closed box on a pedestal");
    long submitted = System.nanoTime();
    ProviderJob job = new ProviderJob("local", local.submit(request), request.idempotencyKey());

    assertInstanceOf(JobState.Running.class, local.poll(job, request));
    assertEquals(job.jobId(), notified.poll(10, TimeUnit.SECONDS));
    assertTrue(System.nanoTime() - submitted >= 400_000_000L, "not before the latency");

    JobState.Succeeded done = assertInstanceOf(JobState.Succeeded.class, local.poll(job, request));
    assertEquals(0, BigDecimal.ZERO.compareTo(done.costUsd()));
    assertEquals("image/png", done.contentType());
    BufferedImage png = ImageIO.read(done.localFile().toFile());
    assertEquals(320, png.getWidth());
    assertEquals(180, png.getHeight());
    assertNull(notified.poll(300, TimeUnit.MILLISECONDS), "one notification per job");
  }

  @Test
  void failureRateOneRefusesEverySubmitAsTransient() {
    LocalProvider local = provider(Duration.ZERO, 1.0);
    ProviderException e = assertThrows(ProviderException.class,
        () -> local.submit(Requests.keyframe("reveal", "start", "x")));
    assertEquals(ProviderError.TRANSIENT, e.error());
    assertEquals(0, local.submissions(Requests.keyframe("reveal", "start", "x").idempotencyKey()));
  }

  @Test
  void submitIsIdempotentPerKeyAndARestartRendersWhatWasLeft() throws Exception {
    LocalProvider local = provider(Duration.ofMillis(500), 0);
    GenerationRequest request = Requests.keyframe("reveal", "start", "A closed box");
    String first = local.submit(request);
    String again = local.submit(request);
    String other = local.submit(Requests.keyframe("reveal", "end", "An open box"));
    assertEquals(first, again);
    assertNotEquals(first, other);
    assertEquals(2, local.submissions(request.idempotencyKey()));
    local.close();   // the process ends before anything rendered

    LocalProvider restarted = provider(Duration.ofMillis(500), 0);
    assertEquals(2, restarted.submissions(request.idempotencyKey()));
    ProviderJob job = new ProviderJob("local", first, request.idempotencyKey());
    Thread.sleep(600);
    assertNull(notified.poll(), "nothing renders in the new process until the job is asked about");
    assertInstanceOf(JobState.Running.class, restarted.poll(job, request), "the poll schedules the render");
    assertEquals(first, notified.poll(10, TimeUnit.SECONDS));
    assertInstanceOf(JobState.Succeeded.class, restarted.poll(job, request));
    assertEquals(first, restarted.submit(request));
    assertEquals(3, restarted.submissions(request.idempotencyKey()));
  }

  @Test
  void anUnknownJobHasFailed() {
    LocalProvider local = provider(Duration.ZERO, 0);
    GenerationRequest request = Requests.keyframe("reveal", "start", "x");
    JobState.Failed failed = assertInstanceOf(JobState.Failed.class,
        local.poll(new ProviderJob("local", "local-nope", "k"), request));
    assertEquals(ProviderError.JOB_FAILED, failed.error());
  }

  @Test
  void anUnreadableInputFailsTheJob() throws Exception {
    LocalProvider local = provider(Duration.ZERO, 0);
    AssetRef notAnImage = store.put(Files.writeString(dir.resolve("x.png"), "not a picture"), "image/png");
    GenerationRequest request = Requests.clip("reveal", notAnImage, null, 1);
    ProviderJob job = new ProviderJob("local", local.submit(request), request.idempotencyKey());

    assertEquals(job.jobId(), notified.poll(10, TimeUnit.SECONDS));
    JobState.Failed failed = assertInstanceOf(JobState.Failed.class, local.poll(job, request));
    assertEquals(ProviderError.JOB_FAILED, failed.error());
    assertTrue(failed.message().contains("not a readable image"), failed.message());
  }

  @Test
  void rendersClipsExtendsAndLipSync() throws Exception {
    LocalProvider local = provider(Duration.ZERO, 0);
    AssetRef start = store.put(TestMedia.png(dir.resolve("s.png"), TestMedia.picture(320, 180, Color.BLUE, Color.CYAN)),
        "image/png");
    AssetRef end = store.put(TestMedia.png(dir.resolve("e.png"), TestMedia.picture(320, 180, Color.RED, Color.PINK)),
        "image/png");

    Path clip = rendered(local, Requests.clip("reveal", start, end, 1));
    MediaProbe.Info info = MediaProbe.probe(clip);
    assertEquals(24, info.frames());
    assertEquals(320, info.width());
    BufferedImage endPicture = TestMedia.picture(320, 180, Color.RED, Color.PINK);
    assertTrue(TestMedia.meanDifference(TestMedia.frames(clip).get(23), endPicture) < 8, "ends on the end frame");

    AssetRef last = store.put(TestMedia.png(dir.resolve("last.png"), TestMedia.frames(clip).get(23)), "image/png");
    Path extend = rendered(local, Requests.extend("reveal", last, 1));
    assertEquals(24, MediaProbe.probe(extend).frames());

    AssetRef video = store.put(clip, "video/mp4");
    AssetRef audio = store.put(TestMedia.wav(dir.resolve("a.wav"), 1.0, 48_000, 1), "audio/wav");
    Path synced = rendered(local, Requests.lipSync("reveal", video, audio));
    MediaProbe.Info lip = MediaProbe.probe(synced);
    assertTrue(lip.hasAudio());
    assertEquals(1.0, lip.durationSeconds(), 1e-9);
  }

  @Test
  void refusesRequestsWithMissingInputs() {
    LocalProvider local = provider(Duration.ZERO, 0);
    ProviderException e = assertThrows(ProviderException.class,
        () -> local.submit(Requests.clip("reveal", null, null, 5)));
    assertEquals(ProviderError.INVALID_REQUEST, e.error());
    assertTrue(e.getMessage().contains("start_frame"));
    assertTrue(Files.notExists(dir.resolve("jobs")) || local.submissions(Requests.clip("reveal", null, null, 5)
        .idempotencyKey()) == 0, "nothing was recorded");
  }

  private Path rendered(LocalProvider local, GenerationRequest request) throws InterruptedException {
    ProviderJob job = new ProviderJob("local", local.submit(request), request.idempotencyKey());
    assertNotNull(notified.poll(30, TimeUnit.SECONDS), "rendered and notified");
    return assertInstanceOf(JobState.Succeeded.class, local.poll(job, request)).localFile();
  }
}
