package io.shotflow.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's webhook signing secret ({@code whsec_…}): the configured one, or the one the provider's API hands out
 * (WaveSpeed {@code GET /api/v3/webhook/secret}, Replicate {@code GET /v1/webhooks/default/secret}), fetched on first
 * use and kept. While fetching fails it is tried again at most once a minute, so forged webhooks cannot make the
 * receiver hammer the provider. The answer's shape is taken loosely: the first string in it that starts with
 * {@code whsec_} (WaveSpeed documents only that value [I]).
 */
final class WebhookSecret {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookSecret.class);
  private static final Duration RETRY = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI url;
  private final String authorization;
  private final HttpClient http;
  private String secret;
  private long triedAt;
  private boolean tried;

  private WebhookSecret(String secret, URI url, String authorization) {
    this.secret = secret;
    this.url = url;
    this.authorization = authorization;
    this.http = url == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The configured secret when there is one, else the one {@code url} answers to {@code Bearer apiKey}, if any. */
  static WebhookSecret configuredOr(String configured, URI url, String apiKey) {
    if (configured != null && !configured.isBlank()) {
      return new WebhookSecret(configured.trim(), null, null);
    }
    return apiKey == null || apiKey.isBlank() ? new WebhookSecret(null, null, null)
        : new WebhookSecret(null, url, "Bearer " + apiKey);
  }

  static WebhookSecret configured(String configured) {
    return configuredOr(configured, null, null);
  }

  synchronized Optional<String> get() {
    if (secret == null && url != null && (!tried || System.nanoTime() - triedAt > RETRY.toNanos())) {
      tried = true;
      triedAt = System.nanoTime();
      secret = fetch();
    }
    return Optional.ofNullable(secret);
  }

  private String fetch() {
    try {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
          .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        LOG.warn("Webhook secret {} answered HTTP {}", url, response.statusCode());
        return null;
      }
      String found = find(JSON.readTree(response.body()));
      if (found == null) {
        LOG.warn("Webhook secret {} answered no whsec_ value", url);
      }
      return found;
    } catch (IOException e) {
      LOG.warn("Cannot fetch the webhook secret from {}: {}", url, e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String find(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual() && node.asText().startsWith("whsec_")) {
      return node.asText();
    }
    for (JsonNode child : node) {
      String found = find(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
