package io.shotflow.emulator.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Posts an emulator's webhooks in the background; a receiver that is down only loses the hint (polling remains). */
public final class EmulatorWebhooks {

  private static final Logger LOG = LoggerFactory.getLogger(EmulatorWebhooks.class);

  private final String emulator;

  public EmulatorWebhooks(String emulator) {
    this.emulator = emulator;
  }

  /**
   * Posts {@code body} as JSON to {@code url} with the headers {@code signed} makes from its bytes (the signature is
   * over the bytes sent).
   */
  public void postJson(String url, JsonNode body, Function<byte[], Map<String, String>> signed) {
    byte[] bytes;
    try {
      bytes = EmulatorHttp.JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      LOG.info("{} webhook to {} not sent: {}", emulator, url, e.getMessage());
      return;
    }
    post(url, bytes, signed.apply(bytes));
  }

  /** The Standard Webhooks headers (WaveSpeed's and Replicate's): the delivery's id, its time and its signature. */
  public static Map<String, String> standardHeaders(String id, long timestamp, String signature) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", String.valueOf(timestamp));
    headers.put("webhook-signature", signature);
    return headers;
  }

  public void post(String url, byte[] body, Map<String, String> headers) {
    post(url, body, headers, status -> { });
  }

  /** As {@link #post(String, byte[], Map)}; {@code answered} gets the receiver's HTTP status, 0 when none came. */
  public void post(String url, byte[] body, Map<String, String> headers, IntConsumer answered) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(request::header);
      EmulatorHttp.CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, e) -> {
        answered.accept(e != null ? 0 : response.statusCode());
        if (e != null) {
          LOG.info("{} webhook to {} failed: {}", emulator, url, e.getMessage());
        } else if (response.statusCode() / 100 != 2) {
          LOG.info("{} webhook to {} answered HTTP {}", emulator, url, response.statusCode());
        }
      });
    } catch (IllegalArgumentException e) {
      answered.accept(0);
      LOG.info("{} webhook to {} not sent: {}", emulator, url, e.getMessage());
    }
  }
}
