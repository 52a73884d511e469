package io.shotflow.api.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * fal's webhooks (docs/providers.md §2.3, §6): an Ed25519 signature in {@code X-Fal-Webhook-Signature} (hex) over
 * {@code request_id \n user_id \n timestamp \n hex(sha256(body))}, checked against every key of fal's JWKS
 * ({@code shotflow.providers.fal.jwks-url}), with the timestamp within 300 s of now. The job id is rebuilt from the
 * {@code app} the adapter put in the webhook URL and the signed request id.
 */
@Singleton
public class FalWebhookVerifier implements WebhookVerifier {

  static final Duration MAX_AGE = Duration.ofSeconds(300);

  private final JwksKeys keys;
  private final Clock clock;

  @Inject
  public FalWebhookVerifier(ProviderSettingsRegistry settings, ProviderHttp http, ObjectMapper json) {
    this(new JwksKeys(ProviderCatalog.FAL, settings.get(ProviderCatalog.FAL).getJwksUrl(), http, json),
        Clock.systemUTC());
  }

  FalWebhookVerifier(JwksKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public String provider() {
    return ProviderCatalog.FAL;
  }

  @Override
  public Delivery verify(Request request) throws Rejected {
    String requestId = required(request, "X-Fal-Webhook-Request-Id");
    String userId = required(request, "X-Fal-Webhook-User-Id");
    String timestamp = required(request, "X-Fal-Webhook-Timestamp");
    String signatureHex = required(request, "X-Fal-Webhook-Signature");
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw new Rejected("X-Fal-Webhook-Timestamp is not a unix time");
    }
    if (Math.abs(clock.instant().getEpochSecond() - seconds) > MAX_AGE.toSeconds()) {
      throw new Rejected("the fal webhook's timestamp is more than " + MAX_AGE.toSeconds() + " s from now");
    }
    byte[] signature;
    try {
      signature = HexFormat.of().parseHex(signatureHex.trim());
    } catch (IllegalArgumentException e) {
      throw new Rejected("X-Fal-Webhook-Signature is not hex");
    }
    byte[] message = (requestId + "\n" + userId + "\n" + seconds + "\n" + HexFormat.of().formatHex(sha256(request.body())))
        .getBytes(StandardCharsets.UTF_8);
    if (!verifies(keys.current(), message, signature) && !verifies(keys.refreshed(), message, signature)) {
      throw new Rejected("the fal webhook's signature does not verify against fal's keys");
    }
    List<String> jobs = request.query("app").map(app -> List.of(jobId(app, requestId))).orElse(List.of());
    return new Delivery(requestId, jobs);
  }

  /**
   * The job id of request {@code requestId} under {@code owner/app} when fal lays out its URLs as documented: what the
   * fal adapter records (its {@code response_url} relative to the base URL), rebuilt from the request id alone.
   */
  static String jobId(String app, String requestId) {
    return app + "/requests/" + requestId;
  }

  private static boolean verifies(List<PublicKey> candidates, byte[] message, byte[] signature) {
    for (PublicKey key : candidates) {
      try {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(message);
        if (verifier.verify(signature)) {
          return true;
        }
      } catch (GeneralSecurityException e) {
        // a malformed signature for this key: try the next one
      }
    }
    return false;
  }

  private static String required(Request request, String header) throws Rejected {
    return request.header(header).filter(v -> !v.isBlank())
        .orElseThrow(() -> new Rejected("the fal webhook has no " + header + " header"));
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
