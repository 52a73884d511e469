package io.shotflow.activities.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotflow.provider.ProviderError;
import java.util.Locale;

/** fal's HTTP answers on Shotflow's classification (docs/providers.md §2.1, §2.4, §7). */
final class FalErrors {

  private FalErrors() {}

  /** A refused call (submit or status): throttling and gateway trouble are retried, auth and validation are not. */
  static ProviderError call(int httpStatus) {
    return switch (httpStatus) {
      case 401, 403 -> ProviderError.UNAUTHORIZED;
      case 429 -> ProviderError.RATE_LIMITED;
      case 500, 502, 503, 504 -> ProviderError.TRANSIENT;
      default -> httpStatus >= 500 ? ProviderError.TRANSIENT : ProviderError.INVALID_REQUEST;
    };
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
