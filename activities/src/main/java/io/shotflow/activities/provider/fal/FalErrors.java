package io.shotflow.activities.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotflow.activities.provider.ProviderClient;
import io.shotflow.provider.ProviderError;
import java.util.Locale;

/** fal's HTTP answers on Shotflow's classification (docs/providers.md §2.1, §2.4, §7). */
final class FalErrors implements ProviderClient.ErrorTable {

  static final FalErrors TABLE = new FalErrors();

  private FalErrors() {}

  /** fal's {@code detail}, as JSON (a string or a list of validation errors). */
  @Override
  public String detail(JsonNode body) {
    return body == null ? "" : body.path("detail").toString();
  }

  /**
   * A refused call (submit or status): throttling and gateway trouble (a 500 too, which fal's own SDK retries on a
   * status call) are retried, auth and validation are not.
   */
  @Override
  public ProviderError classify(int httpStatus, String detail) {
    return ProviderClient.byStatus(httpStatus);
  }

  /**
   * A completed request whose result endpoint answered an error: 422 is refused input (content policy when the detail
   * says so), 429/502/503/504 are the gateway's and retried, anything else is the job's own failure.
   */
  static ProviderError result(int httpStatus, JsonNode body) {
    return switch (httpStatus) {
      case 422 -> mentionsContentPolicy(body) ? ProviderError.CONTENT_POLICY : ProviderError.INVALID_REQUEST;
      case 429 -> ProviderError.RATE_LIMITED;
      case 502, 503, 504 -> ProviderError.TRANSIENT;
      default -> ProviderError.JOB_FAILED;
    };
  }

  private static boolean mentionsContentPolicy(JsonNode body) {
    String text = body == null ? "" : body.toString().toLowerCase(Locale.ROOT);
    return text.contains("content_policy") || text.contains("content policy") || text.contains("nsfw");
  }
}
