package io.shotflow.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.platform.provider.ProviderSettings;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
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
  /** A secret fetch holds up the webhook that asked for it: short, whatever the provider's request timeout. */
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

  /** Where and how to ask the provider for its secret; its text leaves the authorization out. */
  private record Source(String provider, URI url, String authorization, ProviderHttp http, ObjectMapper json) {
    @Override
    public String toString() {
      return provider + " " + url;
    }
  }

  private final Source source;
  private String secret;
  private long triedAt;
  private boolean tried;

  private WebhookSecret(String secret, Source source) {
    this.secret = secret;
    this.source = source;
  }

  /**
   * The provider's configured {@code webhook-secret} when there is one, else the one its API answers at {@code path}
   * (under its base URL) to {@code Bearer <api-key>}, if it has an API key.
   */
  static WebhookSecret configuredOr(ProviderSettings provider, String path, ProviderHttp http, ObjectMapper json) {
    String configured = provider.getWebhookSecret();
    if (configured != null && !configured.isBlank()) {
      return new WebhookSecret(configured.trim(), null);
    }
    String apiKey = provider.getApiKey();
    return apiKey == null || apiKey.isBlank() ? new WebhookSecret(null, null)
        : new WebhookSecret(null, new Source(provider.getName(), URI.create(provider.baseUrlText() + path),
            "Bearer " + apiKey, http, json));
  }

  /** The provider's configured {@code webhook-secret}, if any. */
  static WebhookSecret configured(ProviderSettings provider) {
    String configured = provider.getWebhookSecret();
    return new WebhookSecret(configured == null || configured.isBlank() ? null : configured.trim(), null);
  }

  synchronized Optional<String> get() {
    if (secret == null && source != null && (!tried || System.nanoTime() - triedAt > RETRY.toNanos())) {
      tried = true;
      triedAt = System.nanoTime();
      secret = fetch();
    }
    return Optional.ofNullable(secret);
  }

  /**
   * The secret's text after {@code whsec_}, to key a delivery's check with; refused when there is none, or it is empty.
   * {@code label} names the provider ({@code provider}, as in its keys) in the refusal.
   */
  String signingText(String label, String provider) throws WebhookVerifier.Rejected {
    String value = get().orElseThrow(() -> new WebhookVerifier.Rejected(label + " webhooks are refused: no webhook "
        + "secret (shotflow.providers." + provider + ".webhook-secret, or .api-key to ask " + label
        + " for it)"));
    String text = value.startsWith("whsec_") ? value.substring("whsec_".length()) : value;
    if (text.isEmpty()) {
      throw new WebhookVerifier.Rejected("the " + label + " webhook secret is empty");
    }
    return text;
  }

  private String fetch() {
    URI url = source.url();
    try {
      HttpResponse<byte[]> response = source.http().call(source.provider(), HttpRequest.newBuilder(url)
          .timeout(FETCH_TIMEOUT).header("Authorization", source.authorization()).GET().build());
      if (response.statusCode() != 200) {
        LOG.warn("Webhook secret {} answered HTTP {}", url, response.statusCode());
        return null;
      }
      String found = find(source.json().readTree(response.body()));
      if (found == null) {
        LOG.warn("Webhook secret {} answered no whsec_ value", url);
      }
      return found;
    } catch (InterruptedIOException e) {
      // the interrupt flag is kept: the caller is being stopped
      return null;
    } catch (IOException e) {
      LOG.warn("Cannot fetch the webhook secret from {}: {}", url, e.getMessage());
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
