package io.shotflow.activities.provider.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotflow.activities.provider.ProviderClient;
import io.shotflow.provider.ProviderError;
import java.util.Locale;

/** Sync.so's answers on Shotflow's classification (docs/providers.md §5.1, §7). */
final class SyncErrors implements ProviderClient.ErrorTable {

  static final SyncErrors TABLE = new SyncErrors();

  private SyncErrors() {}

  /** Sync's {@code message} (a list of them as JSON), else its {@code error}. */
  @Override
  public String detail(JsonNode body) {
    return body == null ? "" : body.path("message").isArray() ? body.path("message").toString()
        : body.path("message").asText(body.path("error").asText(""));
  }

  /**
   * A refused call. 429 is back-pressure (the account's concurrency is full or its 60 generates a minute are used):
   * Sync rejects instead of queueing, so it is retried. Running out of credits has no documented code: 402 or a
   * message about credits or balance [I].
   */
  @Override
  public ProviderError classify(int httpStatus, String message) {
    if (httpStatus == 429) {
      return ProviderError.RATE_LIMITED;
    }
    String m = lower(message);
    if (httpStatus == 402 || m.contains("credit") || m.contains("balance")) {
      return ProviderError.INSUFFICIENT_BALANCE;
    }
    return ProviderClient.byStatus(httpStatus);
  }

  /**
   * A {@code REJECTED} generation: moderation refusals are content policy; an {@code errorCode} about the input
   * (invalid, unsupported, missing …) is an invalid request; a rejection that says neither is taken as content policy,
   * which is what {@code REJECTED} means in Sync's docs. Sync's error catalog ({@code GET /v2/errors}) is not in the
   * reference, so this reads words, not exact codes [I].
   */
  static ProviderError rejected(String errorCode, String error) {
    String code = lower(errorCode);
    String text = code + " " + lower(error);
    if (text.contains("moderation") || text.contains("content") || text.contains("policy") || text.contains("nsfw")) {
      return ProviderError.CONTENT_POLICY;
    }
    return code.contains("invalid") || code.contains("unsupported") || code.contains("missing")
        || code.contains("input") || code.contains("validation")
        ? ProviderError.INVALID_REQUEST
        : ProviderError.CONTENT_POLICY;
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
