package io.shotflow.platform.provider;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * {@code shotflow.providers.<name>.*}: everything one provider is configured with, bound once and read by its adapter,
 * its webhook verifier, its provider activities (checks and waits) and the worker (limits). Keys a provider does not use are ignored.
 * Credentials and secrets are never logged. {@link ProviderSettingsRegistry} hands out the settings of a provider
 * nobody configured, with every default.
 */
@EachProperty("shotflow.providers")
public class ProviderSettings {

  /** Where each remote provider's API is when {@code base-url} is not set. */
  private static final Map<String, URI> DEFAULT_BASE_URLS = Map.of(
      "kling", URI.create("https://api-singapore.klingai.com"),
      "fal", URI.create("https://queue.fal.run"),
      "wavespeed", URI.create("https://api.wavespeed.ai"),
      "replicate", URI.create("https://api.replicate.com"),
      "sync", URI.create("https://api.sync.so"));

  private final String name;

  // every provider
  private URI baseUrl;
  private String apiKey;
  private String webhookSecret;
  private Duration requestTimeout = Duration.ofSeconds(30);
  private Integer maxConcurrent;
  private Double maxPerSecond;
  private Duration pollInterval;
  private Duration maxJobWait = Duration.ofHours(24);

  // kling
  private String accessKey;
  private String secretKey;
  private BigDecimal unitPriceUsd = new BigDecimal("0.14");
  private BigDecimal imageUnitPriceUsd = new BigDecimal("0.0035");

  // fal
  private URI jwksUrl = URI.create("https://rest.alpha.fal.ai/.well-known/jwks.json");
  private String lipSyncModel = "fal-ai/kling-video/lipsync/audio-to-video";
  private String syncModel = "lipsync-2";

  // replicate
  private Duration preferWait = Duration.ZERO;
  private Duration cancelAfter = Duration.ofMinutes(30);
  private String keyframeModel = "black-forest-labs/flux-dev";

  // sync
  private String model = "lipsync-2";

  // local
  private Duration latency = Duration.ZERO;
  private double failureRate = 0;
  private String jobsDir = "data/local-jobs";
  private int renderThreads = Runtime.getRuntime().availableProcessors();

  public ProviderSettings(@Parameter String name) {
    this.name = name;
  }

  /** The provider's name, as in specs, task queues and {@code /api/webhooks/{provider}}. */
  public String getName() {
    return name;
  }

  /** The full name of one of this provider's keys, for messages: {@code shotflow.providers.<name>.<key>}. */
  public String key(String key) {
    return "shotflow.providers." + name + "." + key;
  }

  /** Where the provider's API is (an emulator, or any server that speaks the protocol); null for {@code local}. */
  @Nullable
  public URI getBaseUrl() {
    return baseUrl != null ? baseUrl : DEFAULT_BASE_URLS.get(name);
  }

  public void setBaseUrl(@Nullable URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The base URL without a trailing slash, to append paths to. */
  public String baseUrlText() {
    URI url = getBaseUrl();
    if (url == null) {
      throw new IllegalStateException(key("base-url") + " is not set");
    }
    return url.toString().replaceAll("/+$", "");
  }

  /** The API key or token (every remote provider but Kling). */
  @Nullable
  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(@Nullable String apiKey) {
    this.apiKey = apiKey;
  }

  /**
   * The secret webhooks are verified with: a {@code whsec_…} signing secret, or for Kling, whose callbacks are unsigned,
   * the token its callback URLs carry. Unset, WaveSpeed and Replicate are asked for theirs with the API key.
   */
  @Nullable
  public String getWebhookSecret() {
    return webhookSecret;
  }

  public void setWebhookSecret(@Nullable String webhookSecret) {
    this.webhookSecret = webhookSecret;
  }

  /** How long one HTTP call may take before its answer counts as lost (default 30 s). */
  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  /**
   * At most this many of the provider's jobs in flight at once (submitted and not yet seen to end), across every
   * worker: counted in the catalog's submit ledger; unset: unlimited.
   */
  @Nullable
  public Integer getMaxConcurrent() {
    return maxConcurrent;
  }

  public void setMaxConcurrent(@Nullable Integer maxConcurrent) {
    this.maxConcurrent = maxConcurrent;
  }

  /** At most this many submits to the provider per second, across every worker (the submit ledger); unset: unlimited. */
  @Nullable
  public Double getMaxPerSecond() {
    return maxPerSecond;
  }

  public void setMaxPerSecond(@Nullable Double maxPerSecond) {
    this.maxPerSecond = maxPerSecond;
  }

  /**
   * How often a waiting job of this provider is polled. Unset: every 10 s for a provider without notifications, every
   * 60 s as a fallback for one with them.
   */
  @Nullable
  public Duration getPollInterval() {
    return pollInterval;
  }

  public void setPollInterval(@Nullable Duration pollInterval) {
    if (pollInterval != null && (pollInterval.isNegative() || pollInterval.isZero())) {
      throw new IllegalArgumentException(key("poll-interval") + " must be positive, got " + pollInterval);
    }
    this.pollInterval = pollInterval;
  }

  /**
   * How long a job of this provider may run before the shot stops waiting and asks a human ({@code JOB_TIMEOUT}):
   * as long as the provider lets a job queue and run. Default 24 h.
   */
  public Duration getMaxJobWait() {
    return maxJobWait;
  }

  public void setMaxJobWait(Duration maxJobWait) {
    if (maxJobWait == null || maxJobWait.isNegative() || maxJobWait.isZero()) {
      throw new IllegalArgumentException(key("max-job-wait") + " must be positive, got " + maxJobWait);
    }
    this.maxJobWait = maxJobWait;
  }

  /** Kling's access key, the issuer of the tokens its API takes. */
  @Nullable
  public String getAccessKey() {
    return accessKey;
  }

  public void setAccessKey(@Nullable String accessKey) {
    this.accessKey = accessKey;
  }

  /** Kling's secret key, which signs those tokens. */
  @Nullable
  public String getSecretKey() {
    return secretKey;
  }

  public void setSecretKey(@Nullable String secretKey) {
    this.secretKey = secretKey;
  }

  /** Kling: USD per video unit ({@code final_unit_deduction}); 0.14 for standard packs, 0.126 bulk, 0.098 trial. */
  public BigDecimal getUnitPriceUsd() {
    return unitPriceUsd;
  }

  public void setUnitPriceUsd(BigDecimal unitPriceUsd) {
    this.unitPriceUsd = unitPriceUsd;
  }

  /** Kling: USD per image-pack unit (text-to-image keyframes draw on a separate image pack; default 0.0035). */
  public BigDecimal getImageUnitPriceUsd() {
    return imageUnitPriceUsd;
  }

  public void setImageUnitPriceUsd(BigDecimal imageUnitPriceUsd) {
    this.imageUnitPriceUsd = imageUnitPriceUsd;
  }

  /** fal: where fal publishes the Ed25519 keys its webhooks are signed with. */
  public URI getJwksUrl() {
    return jwksUrl;
  }

  public void setJwksUrl(URI jwksUrl) {
    this.jwksUrl = jwksUrl;
  }

  /**
   * fal: the lip-sync endpoint, Kling's {@code fal-ai/kling-video/lipsync/audio-to-video} (default) or Sync's lipsync-2
   * hosted on fal ({@code fal-ai/sync-lipsync/v2}).
   */
  public String getLipSyncModel() {
    return lipSyncModel;
  }

  public void setLipSyncModel(String lipSyncModel) {
    this.lipSyncModel = lipSyncModel;
  }

  /** fal: the Sync model when the lip-sync endpoint is {@code fal-ai/sync-lipsync/v2}: lipsync-2 (default) or lipsync-2-pro. */
  public String getSyncModel() {
    return syncModel;
  }

  public void setSyncModel(String syncModel) {
    this.syncModel = syncModel;
  }

  /**
   * Replicate: {@code Prefer: wait=<seconds>}, how long Replicate may hold the create call for a quick result (1–60 s;
   * zero, the default, sends no header). Must be shorter than {@link #getRequestTimeout()}, or a held answer would
   * count as lost.
   */
  public Duration getPreferWait() {
    return preferWait;
  }

  public void setPreferWait(Duration preferWait) {
    this.preferWait = preferWait;
  }

  /** Replicate: {@code Cancel-After}, a prediction still running after this long is cancelled (default 30 min; zero sends no header). */
  public Duration getCancelAfter() {
    return cancelAfter;
  }

  public void setCancelAfter(Duration cancelAfter) {
    this.cancelAfter = cancelAfter;
  }

  /** Replicate: the {@code owner/name} of the text-to-image model that renders keyframes (default flux-dev). */
  public String getKeyframeModel() {
    return keyframeModel;
  }

  public void setKeyframeModel(String keyframeModel) {
    this.keyframeModel = keyframeModel;
  }

  /**
   * Sync.so: {@code lipsync-2} (default) or {@code lipsync-2-pro}. Takes are priced at the rate card's Sync price per
   * second, which is lipsync-2's; lipsync-2-pro bills about 1.67 times as much (docs/providers.md §5.1).
   */
  public String getModel() {
    return model;
  }

  public void setModel(String model) {
    this.model = model;
  }

  /** local: how long after submission a job reports running before it renders (default none). */
  public Duration getLatency() {
    return latency;
  }

  public void setLatency(Duration latency) {
    if (latency == null || latency.isNegative()) {
      throw new IllegalArgumentException(key("latency") + " must not be negative, got " + latency);
    }
    this.latency = latency;
  }

  /** local: the share of submissions refused with a transient error, 0..1 (default 0). */
  public double getFailureRate() {
    return failureRate;
  }

  public void setFailureRate(double failureRate) {
    if (!(failureRate >= 0 && failureRate <= 1)) {
      throw new IllegalArgumentException(key("failure-rate") + " must be within 0..1, got " + failureRate);
    }
    this.failureRate = failureRate;
  }

  /** local: where job records and outputs live (default {@code data/local-jobs}). */
  public String getJobsDir() {
    return jobsDir;
  }

  public void setJobsDir(String jobsDir) {
    this.jobsDir = jobsDir;
  }

  /** local: how many jobs render at once (default and maximum: the number of cores). */
  public int getRenderThreads() {
    return renderThreads;
  }

  public void setRenderThreads(int renderThreads) {
    if (renderThreads < 1) {
      throw new IllegalArgumentException(key("render-threads") + " must be at least 1, got " + renderThreads);
    }
    this.renderThreads = renderThreads;
  }
}
