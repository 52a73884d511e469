package io.shotflow.api.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Base64;

/**
 * Replicate's webhooks (docs/providers.md §4.3, §6), Standard Webhooks: {@code webhook-signature} holds space-separated
 * {@code v1,<base64>} HMAC-SHA256s of {@code id.timestamp.body}, keyed with the base64-decoded secret after
 * {@code whsec_}, within 300 s; {@code webhook-id} is the same across redeliveries. The secret is
 * {@code shotflow.providers.replicate.webhook-secret}, else Replicate's answer to
 * {@code GET /v1/webhooks/default/secret}. The body is the prediction; its {@code id} is the job.
 */
@Singleton
public class ReplicateWebhookVerifier implements WebhookVerifier {

  private final WebhookSecret secret;
  private final StandardWebhookSignature signature;

  @Inject
  public ReplicateWebhookVerifier(ProviderSettingsRegistry settings, ProviderHttp http, ObjectMapper json) {
    this(WebhookSecret.configuredOr(settings.get(ProviderCatalog.REPLICATE), "/v1/webhooks/default/secret", http,
        json), json, Clock.systemUTC());
  }

  ReplicateWebhookVerifier(WebhookSecret secret, ObjectMapper json, Clock clock) {
    this.secret = secret;
    this.signature = new StandardWebhookSignature("Replicate", "v1", Base64.getEncoder()::encodeToString, json, clock);
  }

  @Override
  public String provider() {
    return ProviderCatalog.REPLICATE;
  }

  @Override
  public Delivery verify(Request request) throws Rejected {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.signingText("Replicate", provider()));
    } catch (IllegalArgumentException e) {
      throw new Rejected("the Replicate webhook secret is not whsec_<base64>");
    }
    return signature.predictionDelivery(request, key);
  }
}
