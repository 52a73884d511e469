package io.shotflow.emulator.common;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
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
