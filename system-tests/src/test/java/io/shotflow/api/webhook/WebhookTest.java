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
import io.shotflow.emulator.fal.FalEmulator;
import io.shotflow.emulator.kling.KlingEmulator;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.activities.provider.ProviderInputs;
import io.shotflow.activities.provider.fal.FalAdapter;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.activities.provider.kling.KlingAdapter;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /api/webhooks/{provider}} with the emulators calling the real route: Kling's token callbacks and fal's
 * Ed25519-signed webhooks wake the job; forged, stale and unsigned ones are 401; redeliveries notify once.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookTest extends ApiTestSupport {

  private static final String HOOK_SECRET = "kling-hook-secret";

  private KlingEmulator kling;
  private FalEmulator fal;

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
      kling = KlingEmulator.start(KlingEmulator.Options.of("ak", "sk")
          .withLatency(Duration.ofMillis(50), Duration.ofMillis(100)).withSizes(320, 320));
      fal = FalEmulator.start(FalEmulator.Options.of("fal-key").withLatency(Duration.ofMillis(50), Duration.ofMillis(100)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Map<String, String> props = new HashMap<>();
    props.put("test.record-job-notifications", "true");
    props.put("shotflow.providers.kling.webhook-secret", HOOK_SECRET);
    props.put("shotflow.providers.fal.jwks-url", fal.jwksUrl());
    return props;
  }

  @AfterAll
  void stopEmulators() {
    kling.close();
    fal.close();
  }

  @BeforeEach
  void forget() {
    notifications.changed.clear();
  }

  private GenerationRequest keyframe(String provider) {
    return new GenerationRequest("sb/" + UUID.randomUUID() + "/kf", "sb", "shot", GenerationKind.KEYFRAME, provider,
        ProviderCatalog.KLING_V2_1, "pro", "A closed box on a pedestal", null, 5, 320, 180, 24, "16:9",
        null, null, null, null, 1);
  }

  private ProviderInputs inputs() throws Exception {
    return new ProviderInputs(server.getURL().toString(), new FileAssetStore(Files.createTempDirectory("hook-assets")));
  }

  private HttpResponse<?> post(MutableHttpRequest<byte[]> request) {
    return http.toBlocking().exchange(request.contentType(MediaType.APPLICATION_JSON_TYPE));
  }

  /** What was notified in the next {@code millis} (other tests' late callbacks included: filter by job). */
  private java.util.List<String> notified(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    java.util.List<String> all = new java.util.ArrayList<>();
    notifications.changed.drainTo(all);
    return all;
  }

  private void refused(MutableHttpRequest<byte[]> request) {
    HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> post(request));
    assertEquals(HttpStatus.UNAUTHORIZED, e.getStatus());
    assertTrue(e.getResponse().getContentType().map(MediaType::toString).orElse("").contains("problem+json"));
  }

  @Test
  void aKlingCallbackWithTheTokenWakesTheJob() throws Exception {
    ProviderSettings config = new ProviderSettings("kling");
    config.setBaseUrl(URI.create(kling.baseUrl()));
    config.setAccessKey("ak");
    config.setSecretKey("sk");
    config.setWebhookSecret(HOOK_SECRET);
    String taskId = new KlingAdapter(config, inputs(), providerHttp, json).submit(keyframe("kling"));

    assertEquals("kling:" + taskId, next(notifications, "kling:" + taskId),
        "the emulator's callback reached the route and was believed");
  }

  /** The first notification equal to {@code wanted} within 15 s, or null. */
  private static String next(RecordedNotifications notifications, String wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (String n; (n = notifications.changed.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
      if (n.equals(wanted)) {
        return n;
      }
    }
    return null;
  }

  @Test
  void aKlingRedeliveryNotifiesOnceAndOnlyTheEndWakesTheJob() throws Exception {
    byte[] processing = "{\"task_id\":\"t-redelivered\",\"task_status\":\"processing\"}".getBytes(StandardCharsets.UTF_8);
    byte[] succeed = "{\"task_id\":\"t-redelivered\",\"task_status\":\"succeed\"}".getBytes(StandardCharsets.UTF_8);
    String uri = "/api/webhooks/kling?token=" + HOOK_SECRET;

    assertEquals(HttpStatus.NO_CONTENT, post(HttpRequest.POST(uri, processing)).getStatus());
    assertEquals(HttpStatus.NO_CONTENT, post(HttpRequest.POST(uri, succeed)).getStatus());
    assertEquals(HttpStatus.NO_CONTENT, post(HttpRequest.POST(uri, succeed)).getStatus());

    assertEquals(1, notified(300).stream().filter("kling:t-redelivered"::equals).count(),
        "processing wakes nobody (the wait needs only the end), succeed once; the redelivery was not passed on");
  }

  @Test
  void aKlingCallbackWithoutTheRightTokenIs401() throws Exception {
    byte[] body = "{\"task_id\":\"t-forged\",\"task_status\":\"succeed\"}".getBytes(StandardCharsets.UTF_8);
    refused(HttpRequest.POST("/api/webhooks/kling?token=guess", body));
    refused(HttpRequest.POST("/api/webhooks/kling", body));
    assertTrue(notified(300).stream().noneMatch(n -> n.endsWith("t-forged")));
  }

  @Test
  void aSignedFalWebhookWakesTheJobNamedByItsApp() throws Exception {
    ProviderSettings config = new ProviderSettings("fal");
    config.setBaseUrl(URI.create(fal.baseUrl()));
    config.setApiKey("fal-key");
    String jobId = new FalAdapter(config, inputs(), providerHttp, json).submit(keyframe("fal"));

    assertEquals("fal:" + jobId, next(notifications, "fal:" + jobId));
  }

  private MutableHttpRequest<byte[]> falHook(String requestId, long timestamp, byte[] body, String signature) {
    return HttpRequest.POST("/api/webhooks/fal?app=fal-ai%2Fflux", body)
        .header("X-Fal-Webhook-Request-Id", requestId)
        .header("X-Fal-Webhook-User-Id", fal.userId())
        .header("X-Fal-Webhook-Timestamp", String.valueOf(timestamp))
        .header("X-Fal-Webhook-Signature", signature);
  }

  @Test
  void aCorrectlySignedFalWebhookNotifiesOnceEvenWhenRedelivered() throws Exception {
    byte[] body = "{\"request_id\":\"r-1\",\"status\":\"OK\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8);
    long now = Instant.now().getEpochSecond();
    String signature = fal.sign("r-1", fal.userId(), now, body);

    assertEquals(HttpStatus.NO_CONTENT, post(falHook("r-1", now, body, signature)).getStatus());
    assertEquals(HttpStatus.NO_CONTENT, post(falHook("r-1", now, body, signature)).getStatus());

    assertEquals(1, notified(300).stream().filter("fal:fal-ai/flux/requests/r-1"::equals).count());
  }

  @Test
  void forgedFalWebhooksAre401() throws Exception {
    byte[] body = "{\"request_id\":\"r-2\",\"status\":\"OK\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8);
    long now = Instant.now().getEpochSecond();
    String signature = fal.sign("r-2", fal.userId(), now, body);

    byte[] tampered = "{\"request_id\":\"r-2\",\"status\":\"OK\",\"payload\":{\"x\":1}}".getBytes(StandardCharsets.UTF_8);
    refused(falHook("r-2", now, tampered, signature));
    refused(falHook("r-3", now, body, signature));

    var otherKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(otherKey.getPrivate());
    signer.update(("r-2\n" + fal.userId() + "\n" + now + "\n"
        + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body)))
        .getBytes(StandardCharsets.UTF_8));
    refused(falHook("r-2", now, body, HexFormat.of().formatHex(signer.sign())));

    refused(HttpRequest.POST("/api/webhooks/fal", body));
    assertTrue(notified(300).stream().noneMatch(n -> n.contains("/requests/r-")));
  }

  @Test
  void aStaleFalWebhookIs401EvenWithAGoodSignature() {
    byte[] body = "{\"request_id\":\"r-4\",\"status\":\"OK\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8);
    long stale = Instant.now().minusSeconds(301).getEpochSecond();
    long future = Instant.now().plusSeconds(360).getEpochSecond();

    refused(falHook("r-4", stale, body, fal.sign("r-4", fal.userId(), stale, body)));
    refused(falHook("r-4", future, body, fal.sign("r-4", fal.userId(), future, body)));
    assertTrue(notified(100).stream().noneMatch(n -> n.endsWith("/r-4")));
  }

  @Test
  void anUnknownProviderIs404() {
    HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
        () -> post(HttpRequest.POST("/api/webhooks/nobody", new byte[] {'{', '}'})));
    assertEquals(HttpStatus.NOT_FOUND, e.getStatus());
  }
}
