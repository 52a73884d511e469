package io.shotflow.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code webhook-id} / {@code webhook-timestamp} / {@code webhook-signature} scheme of Standard Webhooks, which
 * Replicate follows exactly ({@code v1,<base64>}, key base64-decoded) and WaveSpeed in its own dialect
 * ({@code v3,<hex>}, key used as text) (docs/providers.md §6): HMAC-SHA256 over {@code id.timestamp.body}, a timestamp within
 * 300 s of now, and any of the space-separated signatures matching.
 */
final class StandardWebhookSignature {

  static final Duration MAX_AGE = Duration.ofSeconds(300);

  private final String provider;
  private final String version;
  private final Function<byte[], String> encoding;
  private final ObjectMapper json;
  private final Clock clock;

  StandardWebhookSignature(String provider, String version, Function<byte[], String> encoding, ObjectMapper json,
      Clock clock) {
    this.provider = provider;
    this.version = version;
    this.encoding = encoding;
    this.json = json;
    this.clock = clock;
  }

  /** Checks the delivery against {@code key}; returns its {@code webhook-id}. */
  String verify(WebhookVerifier.Request request, byte[] key) throws WebhookVerifier.Rejected {
    String id = required(request, "webhook-id");
    String timestamp = required(request, "webhook-timestamp");
    String signatures = required(request, "webhook-signature");
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw new WebhookVerifier.Rejected("the " + provider + " webhook-timestamp is not a unix time");
    }
    if (Math.abs(clock.instant().getEpochSecond() - seconds) > MAX_AGE.toSeconds()) {
      throw new WebhookVerifier.Rejected("the " + provider + " webhook's timestamp is more than "
          + MAX_AGE.toSeconds() + " s from now");
    }
    byte[] expected = (version + "," + encoding.apply(hmac(key, id + "." + seconds + ".", request.body())))
        .getBytes(StandardCharsets.US_ASCII);
    for (String signature : signatures.trim().split("\\s+")) {
      if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
        return id;
      }
    }
    throw new WebhookVerifier.Rejected("the " + provider + " webhook's signature does not match");
  }

  /** Checks the delivery against {@code key}; it is about the prediction the body's {@code id} names. */
  WebhookVerifier.Delivery predictionDelivery(WebhookVerifier.Request request, byte[] key)
      throws WebhookVerifier.Rejected {
    String webhookId = verify(request, key);
    JsonNode prediction;
    try {
      prediction = json.readTree(request.body());
    } catch (IOException e) {
      throw new WebhookVerifier.Rejected("the " + provider + " webhook body is not JSON");
    }
    String id = prediction == null ? "" : prediction.path("id").asText("");
    if (id.isEmpty()) {
      throw new WebhookVerifier.Rejected("the " + provider + " webhook names no prediction id");
    }
    return new WebhookVerifier.Delivery(webhookId, List.of(id));
  }

  static byte[] hmac(byte[] key, String prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(prefix.getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private String required(WebhookVerifier.Request request, String header) throws WebhookVerifier.Rejected {
    return request.header(header).filter(v -> !v.isBlank())
        .orElseThrow(() -> new WebhookVerifier.Rejected("the " + provider + " webhook has no " + header + " header"));
  }
}
