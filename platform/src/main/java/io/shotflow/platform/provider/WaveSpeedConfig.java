package io.shotflow.platform.provider;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.net.URI;
import java.time.Duration;

/** {@code shotflow.providers.wavespeed.*}: where the v3 API is, the API key and webhook secret (never logged). */
@ConfigurationProperties("shotflow.providers.wavespeed")
public class WaveSpeedConfig {

  private URI baseUrl = URI.create("https://api.wavespeed.ai");
  private String apiKey;
  private String webhookSecret;
  private Duration requestTimeout = Duration.ofSeconds(30);

  public URI getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  /**
   * The {@code whsec_…} secret WaveSpeed signs webhooks with; when unset, the webhook receiver asks WaveSpeed for it
   * ({@code GET /api/v3/webhook/secret}).
   */
  public String getWebhookSecret() {
    return webhookSecret;
  }

  public void setWebhookSecret(String webhookSecret) {
    this.webhookSecret = webhookSecret;
  }

  /** How long one HTTP call may take before its answer counts as lost. */
  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }
}
