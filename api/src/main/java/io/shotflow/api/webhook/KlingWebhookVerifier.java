package io.shotflow.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import io.shotflow.provider.ProviderCatalog;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Kling's callbacks are unsigned (docs/providers.md §1.9): the adapter puts {@code shotflow.providers.kling.webhook-secret} in
 * the callback URL as {@code token}, and only a request that carries it is believed. The body is the bare task object;
 * a {@code {code, data}} wrapper is tolerated. Without a configured secret every callback is refused.
 */
@Singleton
public class KlingWebhookVerifier implements WebhookVerifier {

  private final byte[] secret;
  private final ObjectMapper json;

  public KlingWebhookVerifier(ProviderSettingsRegistry settings, ObjectMapper json) {
    String secret = settings.get(ProviderCatalog.KLING).getWebhookSecret();
    this.secret = secret == null || secret.isBlank() ? null : secret.getBytes(StandardCharsets.UTF_8);
    this.json = json;
  }

  @Override
  public String provider() {
    return ProviderCatalog.KLING;
  }

  @Override
  public Delivery verify(Request request) throws Rejected {
    if (secret == null) {
      throw new Rejected("Kling callbacks are refused: shotflow.providers.kling.webhook-secret is not set");
    }
    byte[] token = request.query("token").orElse("").getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(token, secret)) {
      throw new Rejected("the Kling callback does not carry the webhook token");
    }
    JsonNode task;
    try {
      task = json.readTree(request.body());
    } catch (IOException e) {
      throw new Rejected("the Kling callback body is not JSON");
    }
    if (task != null && task.has("data") && task.has("code")) {
      task = task.path("data");
    }
    String taskId = task == null ? "" : task.path("task_id").asText("");
    if (taskId.isEmpty()) {
      throw new Rejected("the Kling callback names no task_id");
    }
    String status = task.path("task_status").asText("");
    // Kling calls back on every status; a waiting job only needs the end (a poll per callback would be wasted)
    boolean ended = "succeed".equals(status) || "failed".equals(status);
    return new Delivery(taskId + ":" + status, ended ? List.of(taskId) : List.of());
  }
}
