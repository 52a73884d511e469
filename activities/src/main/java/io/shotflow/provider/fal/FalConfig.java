package io.shotflow.provider.fal;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.net.URI;
import java.time.Duration;

/** {@code shotflow.providers.fal.*}: the queue's address, the API key (never logged), and the webhook key set. */
@ConfigurationProperties("shotflow.providers.fal")
public class FalConfig {

  private URI baseUrl = URI.create("https://queue.fal.run");
  private String apiKey;
  private URI jwksUrl = URI.create("https://rest.alpha.fal.ai/.well-known/jwks.json");
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

  /** Where fal publishes the Ed25519 keys its webhooks are signed with. */
  public URI getJwksUrl() {
    return jwksUrl;
  }

  public void setJwksUrl(URI jwksUrl) {
    this.jwksUrl = jwksUrl;
  }

  /** How long one HTTP call may take before its answer counts as lost. */
  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }
}
