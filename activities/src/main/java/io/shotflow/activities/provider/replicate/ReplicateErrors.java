package io.shotflow.activities.provider.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotflow.activities.provider.ProviderClient;
import io.shotflow.provider.ProviderError;
import java.util.Locale;

/** Replicate's answers on Shotflow's classification (docs/providers.md §4, §7). */
final class ReplicateErrors implements ProviderClient.ErrorTable {

  static final ReplicateErrors TABLE = new ReplicateErrors();

  private ReplicateErrors() {}

  @Override
  public String detail(JsonNode body) {
    return body == null ? "" : body.path("detail").asText("");
  }

  /**
   * A refused call. A 429 is always throttling, even when its detail mentions credit (Replicate throttles accounts
   * near zero credit harder, docs/providers.md §4.4): waiting lets it through. Running out of credit is 402.
   */
  @Override
  public ProviderError classify(int httpStatus, String detail) {
    return httpStatus == 402 ? ProviderError.INSUFFICIENT_BALANCE : ProviderClient.byStatus(httpStatus);
  }

  /**
   * A prediction that ended {@code failed}: a flagged input or output (Kling's "flagged as sensitive … (E005)", NSFW)
   * is a decision for a human, anything else a failed job.
   */
  static ProviderError prediction(String error) {
    String m = error == null ? "" : error.toLowerCase(Locale.ROOT);
    return m.contains("sensitive") || m.contains("flagged") || m.contains("nsfw") || m.contains("(e005)")
        || m.contains("content policy") || m.contains("safety")
        ? ProviderError.CONTENT_POLICY
        : ProviderError.JOB_FAILED;
  }
}
