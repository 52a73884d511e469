package io.shotflow.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Sync.so's webhooks (docs/providers.md §5.1, §6): {@code Sync-Signature: t=<unix>,v1=<hex>}. Sync documents only "a signature
 * hash of the timestamp and the JSON payload" with a {@code whsec_} secret; the scheme checked here, HMAC-SHA256 of
 * {@code <t>.<raw body>} keyed with the whole secret as UTF-8, hex, is inferred (the Stripe-style reading of that
 * header) and is what the Sync emulator sends [I]. The timestamp must be within 300 s. Sync sends no delivery id: a
 * generation's id and status identify a delivery.
 */
@Singleton
public class SyncWebhookVerifier implements WebhookVerifier {

  private final WebhookSecret secret;
  private final ObjectMapper json;
  private final Clock clock;

  @Inject
  public SyncWebhookVerifier(ProviderSettingsRegistry settings, ObjectMapper json) {
    this(WebhookSecret.configured(settings.get(ProviderCatalog.SYNC)), json, Clock.systemUTC());
  }

  SyncWebhookVerifier(WebhookSecret secret, ObjectMapper json, Clock clock) {
    this.secret = secret;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public String provider() {
    return ProviderCatalog.SYNC;
  }

  @Override
  public Delivery verify(Request request) throws Rejected {
    String key = secret.get().orElseThrow(() ->
        new Rejected("Sync.so webhooks are refused: shotflow.providers.sync.webhook-secret is not set"));
    String header = request.header("Sync-Signature").filter(v -> !v.isBlank())
        .orElseThrow(() -> new Rejected("the Sync.so webhook has no Sync-Signature header"));
    String timestamp = null;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      String[] pair = part.trim().split("=", 2);
      if (pair.length == 2 && pair[0].equals("t")) {
        timestamp = pair[1];
      } else if (pair.length == 2 && pair[0].equals("v1")) {
        signatures.add(pair[1]);
      }
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp == null ? "" : timestamp);
    } catch (NumberFormatException e) {
      throw new Rejected("the Sync-Signature header has no t=<unix time>");
    }
    if (Math.abs(clock.instant().getEpochSecond() - seconds) > StandardWebhookSignature.MAX_AGE.toSeconds()) {
      throw new Rejected("the Sync.so webhook's timestamp is more than "
          + StandardWebhookSignature.MAX_AGE.toSeconds() + " s from now");
    }
    byte[] expected = HexFormat.of().formatHex(StandardWebhookSignature.hmac(key.getBytes(StandardCharsets.UTF_8),
        seconds + ".", request.body())).getBytes(StandardCharsets.US_ASCII);
    boolean matches = false;
    for (String signature : signatures) {
      matches |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
    if (!matches) {
      throw new Rejected("the Sync.so webhook's signature does not match");
    }
    JsonNode generation;
    try {
      generation = json.readTree(request.body());
    } catch (IOException e) {
      throw new Rejected("the Sync.so webhook body is not JSON");
    }
    String id = generation == null ? "" : generation.path("id").asText("");
    if (id.isEmpty()) {
      throw new Rejected("the Sync.so webhook names no generation id");
    }
    return new Delivery(id + ":" + generation.path("status").asText(""), List.of(id));
  }
}
