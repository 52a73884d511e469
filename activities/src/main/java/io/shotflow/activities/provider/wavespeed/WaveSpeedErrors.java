package io.shotflow.activities.provider.wavespeed;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotflow.activities.provider.ProviderClient;
import io.shotflow.provider.ProviderError;
import java.util.Locale;

/**
 * WaveSpeed's answers on Shotflow's classification (docs/providers.md §3.1, §7). Its envelope's {@code code} mirrors the HTTP
 * status, so the status decides, except that an answer about balance or credits is {@link
 * ProviderError#INSUFFICIENT_BALANCE} whatever its status (WaveSpeed documents no dedicated code for it [I]).
 */
final class WaveSpeedErrors implements ProviderClient.ErrorTable {

  static final WaveSpeedErrors TABLE = new WaveSpeedErrors();

  private WaveSpeedErrors() {}

  /** The HTTP status, or the envelope's {@code code} when the HTTP status was 2xx (the code mirrors an HTTP status). */
  @Override
  public int status(int httpStatus, JsonNode envelope) {
    return httpStatus / 100 == 2 && envelope != null ? envelope.path("code").asInt(httpStatus) : httpStatus;
  }

  /** The envelope's {@code message}. */
  @Override
  public String detail(JsonNode envelope) {
    return envelope == null ? "" : envelope.path("message").asText("");
  }

  @Override
  public ProviderError classify(int status, String message) {
    return call(status, message);
  }

  /** A refused call: {@code status} is the HTTP status, or the envelope's code when the HTTP status was 2xx. */
  static ProviderError call(int status, String message) {
    if (status == 402 || mentionsBalance(message)) {
      return ProviderError.INSUFFICIENT_BALANCE;
    }
    ProviderError byStatus = ProviderClient.byStatus(status);
    return byStatus == ProviderError.INVALID_REQUEST && mentionsContentPolicy(message) ? ProviderError.CONTENT_POLICY
        : byStatus;
  }

  /** A prediction that ended {@code failed}: moderation refusals are a decision for a human, the rest failed jobs. */
  static ProviderError prediction(String error) {
    return mentionsContentPolicy(error) ? ProviderError.CONTENT_POLICY : ProviderError.JOB_FAILED;
  }

  private static boolean mentionsBalance(String message) {
    String m = lower(message);
    return m.contains("balance") || m.contains("credit") || m.contains("top up") || m.contains("insufficient fund");
  }

  private static boolean mentionsContentPolicy(String message) {
    String m = lower(message);
    return m.contains("nsfw") || m.contains("content") || m.contains("sensitive") || m.contains("moderation")
        || m.contains("policy");
  }

  private static String lower(String message) {
    return message == null ? "" : message.toLowerCase(Locale.ROOT);
  }
}
