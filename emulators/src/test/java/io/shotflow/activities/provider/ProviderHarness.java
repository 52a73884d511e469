package io.shotflow.activities.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import io.shotflow.asset.FileAssetStore;
import io.shotflow.media.AssetRef;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.testing.TestMedia;
import io.temporal.failure.ApplicationFailure;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.JobCheck;
import io.shotflow.activity.ProviderActivities;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;

/**
 * What the adapter tests share: an asset store with real inputs, requests with fresh idempotency keys, the provider
 * activities' retry-based wait run in a loop (as Temporal would), and a stand-in for the API at {@code shotflow.public-url}
 * that serves assets and records the webhooks it receives.
 */
public final class ProviderHarness implements AutoCloseable {

  public final FileAssetStore store;
  public final PublicSite site;
  public final ProviderHttp http = new ProviderHttp();
  /**
   * A mapper set up like the application's bean ({@code jackson.*} in application.yml): the adapters' provider JSON
   * must not change with the API's snake_case names and null inclusion.
   */
  public final ObjectMapper json = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .build();
  public final MemorySubmissionLedger ledger = new MemorySubmissionLedger();

  public ProviderHarness(Path dir) throws IOException {
    this.store = new FileAssetStore(dir.resolve("assets"));
    this.site = new PublicSite(store);
  }

  /** The provider activities over one adapter. */
  public ProviderActivitiesImpl activities(ProviderAdapter adapter) {
    return new ProviderActivitiesImpl(List.of(adapter), store, ledger,
        new JobChecks(ProviderSettings::new, System::currentTimeMillis), new OutputDownloader(http));
  }

  public AssetRef png(int width, int height, Color from, Color to) throws IOException {
    Path file = Files.createTempFile("frame-", ".png");
    try {
      return store.put(TestMedia.png(file, TestMedia.picture(width, height, from, to)), "image/png");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  public AssetRef wav(double seconds) throws IOException {
    Path file = Files.createTempFile("dialogue-", ".wav");
    try {
      return store.put(TestMedia.wav(file, seconds, 48_000, 1), "audio/wav");
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** {@code provider}'s settings against {@code baseUrl} (an emulator) with {@code apiKey} (null: none). */
  public static ProviderSettings settings(String provider, String baseUrl, String apiKey) {
    ProviderSettings config = new ProviderSettings(provider);
    config.setBaseUrl(java.net.URI.create(baseUrl));
    config.setApiKey(apiKey);
    return config;
  }

  public static GenerationRequest request(GenerationKind kind, String provider, String tier, int seconds,
      AssetRef start, AssetRef end, AssetRef video, AssetRef audio) {
    String key = "sb-" + UUID.randomUUID() + "/shot/" + kind.name().toLowerCase() + "/1/1";
    return new GenerationRequest(key, "sb", "shot", kind, provider, ProviderCatalog.KLING_V2_1, tier,
        "Camera pushes in as the lid lifts", "blur", seconds, 320, 180, 24, "16:9", start, end, video, audio, 1);
  }

  /** A clip of {@code model} in {@code tier}. */
  public static GenerationRequest clip(String provider, String model, String tier, int seconds, AssetRef start,
      AssetRef end) {
    GenerationRequest r = request(GenerationKind.CLIP, provider, tier, seconds, start, end, null, null);
    return new GenerationRequest(r.idempotencyKey(), r.storyboardId(), r.shotId(), r.kind(), provider, model, tier,
        r.prompt(), r.negativePrompt(), seconds, r.width(), r.height(), r.fps(), r.aspectRatio(), start, end, null, null,
        1);
  }

  /** A text-driven lip-sync of {@code video}: {@code text} in {@code voiceId} at {@code speed}. */
  public static GenerationRequest spoken(String provider, AssetRef video, String text, String voiceId, double speed) {
    GenerationRequest r = request(GenerationKind.LIP_SYNC, provider, "pro", 5, null, null, video, null);
    return new GenerationRequest(r.idempotencyKey(), r.storyboardId(), r.shotId(), r.kind(), r.provider(), r.model(),
        r.tier(), r.prompt(), r.negativePrompt(), r.durationSeconds(), r.width(), r.height(), r.fps(), r.aspectRatio(),
        null, null, video, null, 1, new GenerationRequest.Speech(text, voiceId, "en", speed), null);
  }

  /**
   * Polls and collects as the provider activities' wait does ({@link ProviderActivitiesImpl#check}) until the job
   * ends; a failed job or a failed call that is not worth repeating surfaces as its {@link ApplicationFailure}.
   */
  public static GenerationResult await(ProviderActivitiesImpl activities, ProviderJob job, GenerationRequest request) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        JobCheck check = activities.check(new ProviderActivities.CheckRequest(job, request, System.currentTimeMillis()));
        if (check.finished()) {
          return check.result();
        }
      } catch (ApplicationFailure e) {
        if (e.isNonRetryable()) {
          throw e;
        }
      }
      sleep(100);
    }
    return fail("job " + job.jobId() + " did not finish within 60 s");
  }

  /** Polls {@code adapter} until the job is no longer running (10 s at most); its last state. */
  public static JobState pollUntilEnded(ProviderAdapter adapter, ProviderJob job, GenerationRequest request) {
    JobState state = new JobState.Running();
    long deadline = System.currentTimeMillis() + 10_000;
    while (state instanceof JobState.Running && System.currentTimeMillis() < deadline) {
      sleep(50);
      state = adapter.poll(job, request);
    }
    return state;
  }

  /** Runs {@code call}, expecting a {@link ProviderException} of {@code error}; returns it. */
  public static ProviderException fails(ProviderError error, Runnable call) {
    try {
      call.run();
    } catch (ProviderException e) {
      assertEquals(error, e.error(), e.getMessage());
      return e;
    }
    return fail("expected " + error);
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    site.close();
    http.close();
  }

  /** A request the site received under {@code /api/webhooks/}. */
  public record Received(String path, String query, byte[] body, java.util.Map<String, List<String>> headers) {}

  /** The stand-in for the API's public address. */
  public static final class PublicSite implements AutoCloseable {
    private final HttpServer server;
    public final BlockingQueue<Received> webhooks = new LinkedBlockingQueue<>();

    PublicSite(FileAssetStore store) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/api/assets/", exchange -> {
        try (exchange) {
          String id = exchange.getRequestURI().getPath().substring("/api/assets/".length());
          if (!store.exists(id)) {
            exchange.sendResponseHeaders(404, -1);
            return;
          }
          Path file = store.path(id);
          exchange.getResponseHeaders().set("Content-Type", AssetRef.fromUri("asset:" + id).contentType());
          exchange.sendResponseHeaders(200, Files.size(file));
          try (OutputStream out = exchange.getResponseBody()) {
            Files.copy(file, out);
          }
        }
      });
      server.createContext("/api/webhooks/", exchange -> {
        try (exchange) {
          webhooks.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
              exchange.getRequestBody().readAllBytes(), java.util.Map.copyOf(exchange.getRequestHeaders())));
          exchange.sendResponseHeaders(204, -1);
        }
      });
      server.start();
    }

    public String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
