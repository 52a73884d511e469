package io.shotflow.platform.provider;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.net.URI;
import java.time.Duration;

/** {@code shotflow.providers.sync.*}: where Sync.so is, the API key and webhook secret (never logged), the model. */
@ConfigurationProperties("shotflow.providers.sync")
public class SyncConfig {

  private URI baseUrl = URI.create("https://api.sync.so");
  private String apiKey;
  private String webhookSecret;
  private String model = "lipsync-2";
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

  /** The {@code whsec_…} secret of the account's webhooks. */
  public String getWebhookSecret() {
    return webhookSecret;
  }

  public void setWebhookSecret(String webhookSecret) {
    this.webhookSecret = webhookSecret;
  }

  /**
   * {@code lipsync-2} or {@code lipsync-2-pro}. Takes are priced at the rate card's Sync price per second, which is
   * lipsync-2's; lipsync-2-pro bills about 1.67 times as much (reference §5.1).
   */
  public String getModel() {
    return model;
  }

  public void setModel(String model) {
    this.model = model;
  }

  /** How long one HTTP call may take before its answer counts as lost. */
  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }
}
