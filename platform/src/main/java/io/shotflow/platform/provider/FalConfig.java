package io.shotflow.platform.provider;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.net.URI;
import java.time.Duration;

/** {@code shotflow.providers.fal.*}: the queue's address, the API key (never logged), and the webhook key set. */
@ConfigurationProperties("shotflow.providers.fal")
public class FalConfig {

  /** Kling's lip-sync endpoint on fal, the default lip-sync model. */
  public static final String KLING_LIP_SYNC = "fal-ai/kling-video/lipsync/audio-to-video";

  private URI baseUrl = URI.create("https://queue.fal.run");
  private String apiKey;
  private URI jwksUrl = URI.create("https://rest.alpha.fal.ai/.well-known/jwks.json");
  private Duration requestTimeout = Duration.ofSeconds(30);
  private String lipSyncModel = KLING_LIP_SYNC;
  private String syncModel = "lipsync-2";

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

  /** fal's lip-sync endpoint: Kling's (default) or Sync's lipsync-2 hosted on fal ({@code fal-ai/sync-lipsync/v2}). */
  public String getLipSyncModel() {
    return lipSyncModel;
  }

  public void setLipSyncModel(String lipSyncModel) {
    this.lipSyncModel = lipSyncModel;
  }

  /** The Sync model when the lip-sync endpoint is {@code fal-ai/sync-lipsync/v2}: lipsync-2 or lipsync-2-pro. */
  public String getSyncModel() {
    return syncModel;
  }

  public void setSyncModel(String syncModel) {
    this.syncModel = syncModel;
  }

  /**
   * The job id of request {@code requestId} under {@code owner/app} when fal lays out its URLs as documented: what the
   * adapter records and what a webhook receiver, which learns only the request id, notifies.
   */
  public static String jobId(String app, String requestId) {
    return app + "/requests/" + requestId;
  }
}
