package io.shotflow.api.webhook;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one provider's webhook scheme on the raw request and says which jobs it is about. One implementation per
 * provider; a webhook is only a hint (the waiting side polls the provider to confirm), so a verifier answers who
 * changed, never what the result is.
 */
public interface WebhookVerifier {

  /** The provider name in {@code /api/webhooks/{provider}}. */
  String provider();

  /** The delivery, or {@link Rejected} when the signature, token or timestamp does not hold. */
  Delivery verify(Request request) throws Rejected;

  /** The raw body bytes as received, the headers (names case-insensitive) and the query parameters. */
  record Request(byte[] body, Headers headers, Map<String, String> query) {

    public Optional<String> header(String name) {
      return headers.first(name);
    }

    public Optional<String> query(String name) {
      return Optional.ofNullable(query.get(name));
    }
  }

  /** Header lookup by case-insensitive name. */
  @FunctionalInterface
  interface Headers {
    Optional<String> first(String name);
  }

  /**
   * A verified delivery: {@code deliveryKey} identifies it across the provider's redeliveries; {@code jobIds} are the
   * provider job ids (as the adapter returned them) to notify.
   */
  record Delivery(String deliveryKey, List<String> jobIds) {}

  /** A webhook that is not from the provider, or too old: answered 401. */
  final class Rejected extends Exception {
    public Rejected(String message) {
      super(message, null, false, false);
    }
  }
}
