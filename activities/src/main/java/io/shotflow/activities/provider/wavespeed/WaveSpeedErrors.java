package io.shotflow.activities.provider.wavespeed;

import io.shotflow.provider.ProviderError;
import java.util.Locale;

/**
 * WaveSpeed's answers on Shotflow's classification (docs/providers.md §3.1, §7). Its envelope's {@code code} mirrors the HTTP
 * status, so the status decides, except that an answer about balance or credits is {@link
 * ProviderError#INSUFFICIENT_BALANCE} whatever its status (WaveSpeed documents no dedicated code for it [I]).
 */
final class WaveSpeedErrors {

  private WaveSpeedErrors() {}

  /** A refused call: {@code status} is the HTTP status, or the envelope's code when the HTTP status was 2xx. */
  static ProviderError call(int status, String message) {
    if (status == 402 || mentionsBalance(message)) {
      return ProviderError.INSUFFICIENT_BALANCE;
    }
    return switch (status) {
      case 401, 403 -> ProviderError.UNAUTHORIZED;
      case 429 -> ProviderError.RATE_LIMITED;
      default -> status >= 500 ? ProviderError.TRANSIENT
          : mentionsContentPolicy(message) ? ProviderError.CONTENT_POLICY
          : ProviderError.INVALID_REQUEST;
    };
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
