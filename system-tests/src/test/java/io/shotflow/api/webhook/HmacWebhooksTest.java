package io.shotflow.api.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.ApiTestSupport;
import io.shotflow.asset.FileAssetStore;
import io.shotflow.emulator.common.EmulatorMedia;
import io.shotflow.emulator.replicate.ReplicateEmulator;
import io.shotflow.emulator.sync.SyncEmulator;
import io.shotflow.emulator.wavespeed.WaveSpeedEmulator;
import io.shotflow.media.AssetRef;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.activities.provider.ProviderInputs;
import io.shotflow.activities.provider.replicate.ReplicateAdapter;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.activities.provider.sync.SyncAdapter;
import io.shotflow.activities.provider.wavespeed.WaveSpeedAdapter;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /api/webhooks/{wavespeed,replicate,sync}} with the emulators calling the real route: their HMAC-signed
 * webhooks wake the job (WaveSpeed's secret asked from WaveSpeed itself); forged, stale and unsigned ones are 401;
 * redeliveries notify once.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HmacWebhooksTest extends ApiTestSupport {

  private static final String WAVESPEED_KEY = "wavespeed-key";
  private static final String REPLICATE_KEY = "r8_key";
  private static final String SYNC_KEY = "sync-key";

  private WaveSpeedEmulator wavespeed;
  private ReplicateEmulator replicate;
  private SyncEmulator sync;

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  EmbeddedServer server;

  @Inject
  ProviderHttp providerHttp;

  @Inject
  ObjectMapper json;

  @Inject
  RecordedNotifications notifications;

  @Override
  protected Map<String, String> extraProperties() {
    try {
      wavespeed = WaveSpeedEmulator.start(WaveSpeedEmulator.Options.of(WAVESPEED_KEY)
          .withLatency(Duration.ofMillis(50), Duration.ofMillis(100)));
      replicate = ReplicateEmulator.start(ReplicateEmulator.Options.of(REPLICATE_KEY)
          .withLatency(Duration.ofMillis(50), Duration.ofMillis(100)).withSizes(320, 320));
      sync = SyncEmulator.start(SyncEmulator.Options.of(SYNC_KEY).withLatency(Duration.ofMillis(50), Duration.ofMillis(100)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> props = new HashMap<>();
    props.put("test.record-job-notifications", "true");
    // no WaveSpeed secret configured: the verifier asks the emulator for it with the API key
    props.put("shotflow.providers.wavespeed.base-url", wavespeed.baseUrl());
    props.put("shotflow.providers.wavespeed.api-key", WAVESPEED_KEY);
    props.put("shotflow.providers.replicate.webhook-secret", replicate.webhookSecret());
    props.put("shotflow.providers.sync.webhook-secret", sync.webhookSecret());
    return props;
  }

  @AfterAll
  void stopEmulators() {
    wavespeed.close();
    replicate.close();
    sync.close();
  }

  @BeforeEach
  void forget() {
    notifications.changed.clear();
  }

  private ProviderInputs inputs() {
    return new ProviderInputs(server.getURL().toString(), new FileAssetStore(assetsRoot));
  }

  private static GenerationRequest request(GenerationKind kind, String provider, AssetRef video, AssetRef audio) {
    return new GenerationRequest("sb/" + UUID.randomUUID() + "/take", "sb", "shot", kind, provider,
        ProviderCatalog.KLING_V2_1, "pro", "A closed box on a pedestal", null, 3, 320, 180, 24, "16:9",
        null, null, video, audio, 1);
  }

  @Test
  void aWaveSpeedWebhookSignedWithTheSecretWaveSpeedHandsOutWakesThePrediction() throws Exception {
    ProviderSettings config = new ProviderSettings("wavespeed");
    config.setBaseUrl(URI.create(wavespeed.baseUrl()));
    config.setApiKey(WAVESPEED_KEY);
    String id = new WaveSpeedAdapter(config, inputs(), providerHttp, json)
        .submit(request(GenerationKind.KEYFRAME, "wavespeed", null, null));

    assertEquals("wavespeed:" + id, next("wavespeed:" + id), "the emulator's webhook reached the route and was believed");
  }

  @Test
  void aReplicateWebhookWakesThePrediction() throws Exception {
    ProviderSettings config = new ProviderSettings("replicate");
    config.setBaseUrl(URI.create(replicate.baseUrl()));
    config.setApiKey(REPLICATE_KEY);
    String id = new ReplicateAdapter(config, inputs(), providerHttp, json)
        .submit(request(GenerationKind.KEYFRAME, "replicate", null, null));

    assertEquals("replicate:" + id, next("replicate:" + id));
  }

  @Test
  void aSyncWebhookWakesTheGeneration() throws Exception {
    FileAssetStore store = new FileAssetStore(assetsRoot);
    EmulatorMedia media = new EmulatorMedia(Files.createTempDirectory("sync-source"));
    AssetRef video = store.put(media.file(media.clip(picture(), null, 2, 24, 320, "source")), "video/mp4");
    AssetRef audio = store.put(wav(Files.createTempFile("dialogue-", ".wav"), 2), "audio/wav");
    ProviderSettings config = new ProviderSettings("sync");
    config.setBaseUrl(URI.create(sync.baseUrl()));
    config.setApiKey(SYNC_KEY);
    String id = new SyncAdapter(config, inputs(), providerHttp, json)
        .submit(request(GenerationKind.LIP_SYNC, "sync", video, audio));

    assertEquals("sync:" + id, next("sync:" + id));
  }

  private MutableHttpRequest<byte[]> standardHook(String provider, String id, long timestamp, byte[] body,
      String signature) {
    return HttpRequest.POST("/api/webhooks/" + provider, body)
        .header("webhook-id", id)
        .header("webhook-timestamp", String.valueOf(timestamp))
        .header("webhook-signature", signature);
  }

  private MutableHttpRequest<byte[]> syncHook(byte[] body, String signature) {
    return HttpRequest.POST("/api/webhooks/sync", body).header("Sync-Signature", signature);
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void redeliveriesNotifyOnce() {
    long now = Instant.now().getEpochSecond();
    byte[] ws = json("{\"id\":\"ws-1\",\"status\":\"completed\"}");
    byte[] rep = json("{\"id\":\"rep-1\",\"status\":\"succeeded\"}");
    byte[] sy = json("{\"id\":\"sync-1\",\"status\":\"COMPLETED\"}");
    for (int i = 0; i < 2; i++) {
      accepted(standardHook("wavespeed", "wh_1", now, ws, wavespeed.sign("wh_1", now, ws)));
      accepted(standardHook("replicate", "msg_1", now, rep, "v1,bm90LXRoaXMtb25l " + replicate.sign("msg_1", now, rep)));
      accepted(syncHook(sy, sync.sign(now, sy)));
    }

    List<String> all = notified(300);
    for (String wanted : List.of("wavespeed:ws-1", "replicate:rep-1", "sync:sync-1")) {
      assertEquals(1, all.stream().filter(wanted::equals).count(), wanted + " in " + all);
    }
  }

  @Test
  void forgedWebhooksAre401() {
    long now = Instant.now().getEpochSecond();
    byte[] ws = json("{\"id\":\"ws-forged\",\"status\":\"completed\"}");
    byte[] tamperedWs = json("{\"id\":\"ws-forged\",\"status\":\"completed\",\"outputs\":[\"x\"]}");
    refused(standardHook("wavespeed", "wh_2", now, tamperedWs, wavespeed.sign("wh_2", now, ws)));
    refused(standardHook("wavespeed", "wh_3", now, ws, wavespeed.sign("wh_2", now, ws)));
    refused(standardHook("wavespeed", "wh_2", now, ws, flipLast(wavespeed.sign("wh_2", now, ws))));
    refused(standardHook("wavespeed", "wh_2", now, ws, replicate.sign("wh_2", now, ws)));
    refused(HttpRequest.POST("/api/webhooks/wavespeed", ws));

    byte[] rep = json("{\"id\":\"rep-forged\",\"status\":\"succeeded\"}");
    String otherSecret = ReplicateEmulator.Options.of("x").webhookSecret();
    refused(standardHook("replicate", "msg_2", now, rep, forgedStandard(otherSecret, "msg_2", now, rep)));
    refused(standardHook("replicate", "msg_2", now + 1, rep, replicate.sign("msg_2", now, rep)));
    refused(HttpRequest.POST("/api/webhooks/replicate", rep));

    byte[] sy = json("{\"id\":\"sync-forged\",\"status\":\"COMPLETED\"}");
    byte[] tamperedSy = json("{\"id\":\"sync-forged\",\"status\":\"COMPLETED\",\"outputUrl\":\"x\"}");
    refused(syncHook(tamperedSy, sync.sign(now, sy)));
    refused(syncHook(sy, sync.sign(now, sy).replace("t=" + now, "t=" + (now - 1))));
    refused(syncHook(sy, "t=" + now));
    refused(HttpRequest.POST("/api/webhooks/sync", sy));

    assertTrue(notified(300).stream().noneMatch(n -> n.contains("forged")));
  }

  @Test
  void staleWebhooksAre401EvenWithAGoodSignature() {
    long stale = Instant.now().minusSeconds(301).getEpochSecond();
    long future = Instant.now().plusSeconds(360).getEpochSecond();
    byte[] ws = json("{\"id\":\"ws-stale\",\"status\":\"completed\"}");
    byte[] rep = json("{\"id\":\"rep-stale\",\"status\":\"succeeded\"}");
    byte[] sy = json("{\"id\":\"sync-stale\",\"status\":\"COMPLETED\"}");
    for (long at : new long[] {stale, future}) {
      refused(standardHook("wavespeed", "wh_4", at, ws, wavespeed.sign("wh_4", at, ws)));
      refused(standardHook("replicate", "msg_4", at, rep, replicate.sign("msg_4", at, rep)));
      refused(syncHook(sy, sync.sign(at, sy)));
    }
    assertTrue(notified(100).stream().noneMatch(n -> n.contains("stale")));
  }

  /** The signature with its last hex digit changed. */
  private static String flipLast(String signature) {
    char last = signature.charAt(signature.length() - 1);
    return signature.substring(0, signature.length() - 1) + (last == '0' ? '1' : '0');
  }

  /** A Standard Webhooks signature made with another account's secret. */
  private static String forgedStandard(String secret, String id, long timestamp, byte[] body) {
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    return "v1," + Base64.getEncoder().encodeToString(
        StandardWebhookSignature.hmac(key, id + "." + timestamp + ".", body));
  }

  private void accepted(MutableHttpRequest<byte[]> request) {
    HttpResponse<?> response = http.toBlocking().exchange(request.contentType(MediaType.APPLICATION_JSON_TYPE));
    assertEquals(HttpStatus.NO_CONTENT, response.getStatus());
  }

  private void refused(MutableHttpRequest<byte[]> request) {
    HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
        () -> http.toBlocking().exchange(request.contentType(MediaType.APPLICATION_JSON_TYPE)));
    assertEquals(HttpStatus.UNAUTHORIZED, e.getStatus());
  }

  /** The first notification equal to {@code wanted} within 15 s, or null. */
  private String next(String wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (String n; (n = notifications.changed.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
      if (n.equals(wanted)) {
        return n;
      }
    }
    return null;
  }

  private List<String> notified(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<String> all = new ArrayList<>();
    notifications.changed.drainTo(all);
    return all;
  }

  private static BufferedImage picture() {
    BufferedImage image = new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, Color.BLUE, 320, 180, Color.CYAN));
    g.fillRect(0, 0, 320, 180);
    g.dispose();
    return image;
  }

  /** Mono 16-bit 48 kHz WAV of a pulsing tone. */
  private static Path wav(Path file, double seconds) throws IOException {
    int frames = (int) (seconds * 48_000);
    ByteBuffer pcm = ByteBuffer.allocate(frames * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < frames; i++) {
      double t = i / 48_000.0;
      pcm.putShort((short) (Math.max(0, Math.sin(2 * Math.PI * 2.5 * t)) * 20_000 * Math.sin(2 * Math.PI * 220 * t)));
    }
    AudioFormat format = new AudioFormat(48_000, 16, 1, true, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, frames)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
    return file;
  }
}
