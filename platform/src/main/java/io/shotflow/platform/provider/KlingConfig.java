package io.shotflow.platform.provider;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;

/** {@code shotflow.providers.kling.*}: where the Kling API is, the account's keys and prices. Keys are never logged. */
@ConfigurationProperties("shotflow.providers.kling")
public class KlingConfig {

  private URI baseUrl = URI.create("https://api-singapore.klingai.com");
  private String accessKey;
  private String secretKey;
  private String webhookSecret;
  private BigDecimal unitPriceUsd = new BigDecimal("0.14");
  private BigDecimal imageUnitPriceUsd = new BigDecimal("0.0035");
  private Duration requestTimeout = Duration.ofSeconds(30);

  public URI getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String getAccessKey() {
    return accessKey;
  }

  public void setAccessKey(String accessKey) {
    this.accessKey = accessKey;
  }

  public String getSecretKey() {
    return secretKey;
  }

  public void setSecretKey(String secretKey) {
    this.secretKey = secretKey;
  }

  /** The token Kling's (unsigned) callbacks must carry in their URL. */
  public String getWebhookSecret() {
    return webhookSecret;
  }

  public void setWebhookSecret(String webhookSecret) {
    this.webhookSecret = webhookSecret;
  }

  /** USD per video unit ({@code final_unit_deduction}); 0.14 for standard packs, 0.126 bulk, 0.098 trial. */
  public BigDecimal getUnitPriceUsd() {
    return unitPriceUsd;
  }

  public void setUnitPriceUsd(BigDecimal unitPriceUsd) {
    this.unitPriceUsd = unitPriceUsd;
  }

  /** USD per image-pack unit (text-to-image keyframes draw on a separate image pack). */
  public BigDecimal getImageUnitPriceUsd() {
    return imageUnitPriceUsd;
  }

  public void setImageUnitPriceUsd(BigDecimal imageUnitPriceUsd) {
    this.imageUnitPriceUsd = imageUnitPriceUsd;
  }

  /** How long one HTTP call may take before its answer counts as lost. */
  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }
}
