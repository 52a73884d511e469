package io.shotflow.api.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;

/**
 * WaveSpeed's webhooks (docs/providers.md §3.3, §6): {@code webhook-signature: v3,<hex>}, the HMAC-SHA256 of
 * {@code id.timestamp.body} keyed with the UTF-8 text of the secret after {@code whsec_} (not base64-decoded), within
 * 300 s. The secret is {@code shotflow.providers.wavespeed.webhook-secret}, else WaveSpeed's own answer to
 * {@code GET /api/v3/webhook/secret}. The body is the bare prediction; its {@code id} is the job.
 */
@Singleton
public class WaveSpeedWebhookVerifier implements WebhookVerifier {

  private final WebhookSecret secret;
  private final StandardWebhookSignature signature;

  @Inject
  public WaveSpeedWebhookVerifier(ProviderSettingsRegistry settings, ProviderHttp http, ObjectMapper json) {
    this(WebhookSecret.configuredOr(settings.get(ProviderCatalog.WAVESPEED), "/api/v3/webhook/secret", http, json),
        json, Clock.systemUTC());
  }

  WaveSpeedWebhookVerifier(WebhookSecret secret, ObjectMapper json, Clock clock) {
    this.secret = secret;
    this.signature = new StandardWebhookSignature("WaveSpeed", "v3", HexFormat.of()::formatHex, json, clock);
  }

  @Override
  public String provider() {
    return ProviderCatalog.WAVESPEED;
  }

  @Override
  public Delivery verify(Request request) throws Rejected {
    return signature.predictionDelivery(request,
        secret.signingText("WaveSpeed", provider()).getBytes(StandardCharsets.UTF_8));
  }
}
