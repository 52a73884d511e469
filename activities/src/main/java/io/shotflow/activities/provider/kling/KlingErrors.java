package io.shotflow.activities.provider.kling;

import io.shotflow.activities.provider.SubmitRules;
import io.shotflow.provider.ProviderError;
import java.util.Locale;

/**
 * Kling's business codes (docs/providers.md §1.10) on Shotflow's classification. HTTP 429 carries both billing (1100–1102)
 * and throttling (1302/1303), so the code decides, never the HTTP status; the status only decides for a code the
 * table does not know.
 */
final class KlingErrors {

  private KlingErrors() {}

  static ProviderError classify(int code, int httpStatus) {
    if (code >= 1000 && code <= 1004) {
      return ProviderError.UNAUTHORIZED;
    }
    return switch (code) {
      case 1100, 1101, 1102 -> ProviderError.INSUFFICIENT_BALANCE;
      case 1103, 1200, 1201, 1202, 1203, 1304 -> ProviderError.INVALID_REQUEST;
      case 1300, 1301 -> ProviderError.CONTENT_POLICY;
      case 1302, 1303 -> ProviderError.RATE_LIMITED;
      case 5000, 5001, 5002 -> ProviderError.TRANSIENT;
      default -> httpStatus >= 500 ? ProviderError.TRANSIENT
          : httpStatus == 429 ? ProviderError.RATE_LIMITED
          : ProviderError.INVALID_REQUEST;
    };
  }

  /**
   * The code half of {@code SubmitRules.KLING}: whether a refused submit certainly created no task. Kling's documented
   * refusals (1000–1004, 1100–1103, 1200–1203, 1300–1304) answer before a task exists; 5000–5002 (internal error,
   * maintenance, backlog timeout) say nothing of it, so they may come after; an unknown code goes by its HTTP status.
   */
  static boolean refusedBeforeCreating(int code, int httpStatus) {
    if (code >= 1000 && code <= 1004 || code >= 1100 && code <= 1103 || code >= 1200 && code <= 1203
        || code >= 1300 && code <= 1304) {
      return true;
    }
    if (code >= 5000 && code <= 5002) {
      return false;
    }
    return SubmitRules.KLING.notAccepted(httpStatus);
  }

  static boolean isAuthentication(int code) {
    return code >= 1000 && code <= 1004;
  }

  /**
   * A {@code failed} task: risk control or content moderation is a decision for a human (the prompt or image must
   * change); anything else is a failed job. Kling gives only a free-text message, so this reads its words.
   */
  static ProviderError taskFailure(String message) {
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    return m.contains("risk") || m.contains("content") || m.contains("sensitive") || m.contains("moderation")
        ? ProviderError.CONTENT_POLICY
        : ProviderError.JOB_FAILED;
  }
}
