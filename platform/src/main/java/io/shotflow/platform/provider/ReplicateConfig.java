package io.shotflow.platform.provider;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.net.URI;
import java.time.Duration;

/** {@code shotflow.providers.replicate.*}: where the API is, the API token and webhook secret (never logged), and timing. */
@ConfigurationProperties("shotflow.providers.replicate")
public class ReplicateConfig {

  private URI baseUrl = URI.create("https://api.replicate.com");
  private String apiKey;
  private String webhookSecret;
  private Duration requestTimeout = Duration.ofSeconds(30);
  private Duration preferWait = Duration.ZERO;
  private Duration cancelAfter = Duration.ofMinutes(30);
  private String keyframeModel = "black-forest-labs/flux-dev";

  public URI getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The Replicate API token. */
  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  /**
   * The {@code whsec_<base64>} secret Replicate signs webhooks with; when unset, the webhook receiver asks Replicate
   * for it ({@code GET /v1/webhooks/default/secret}).
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

  /**
   * {@code Prefer: wait=<seconds>}: how long Replicate may hold the create call for a quick result (1–60 s; zero sends
   * no header). Must be shorter than {@link #getRequestTimeout()}, or a held answer would count as lost.
   */
  public Duration getPreferWait() {
    return preferWait;
  }

  public void setPreferWait(Duration preferWait) {
    this.preferWait = preferWait;
  }

  /** {@code Cancel-After}: Replicate cancels a prediction still running after this long (zero sends no header). */
  public Duration getCancelAfter() {
    return cancelAfter;
  }

  public void setCancelAfter(Duration cancelAfter) {
    this.cancelAfter = cancelAfter;
  }

  /** The {@code owner/name} of the text-to-image model that renders keyframes. */
  public String getKeyframeModel() {
    return keyframeModel;
  }

  public void setKeyframeModel(String keyframeModel) {
    this.keyframeModel = keyframeModel;
  }
}
