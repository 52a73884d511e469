package io.shotflow.activities.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotflow.media.AssetRef;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.ProviderError;

/** Small pieces every HTTP adapter needs, so each provider's errors read the same way. */
public final class ProviderCalls {

  private ProviderCalls() {}

  /**
   * A submit that was sent but whose answer was lost, to a provider without an idempotency key: sending it again could
   * pay for the take twice, so a human decides.
   */
  public static ProviderException ambiguousSubmit(String provider, String model, String why) {
    return new ProviderException(ProviderError.AMBIGUOUS_SUBMIT, "the submit to " + provider + " " + model
        + " was sent but its answer was lost (" + why + "); " + provider + " has no idempotency key, so sending it "
        + "again could pay for the take twice: retry or skip?");
  }

  /** A response body as JSON; null when it is empty or not JSON. */
  public static JsonNode parseJson(ObjectMapper json, byte[] body) {
    try {
      return body == null || body.length == 0 ? null : json.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** A Kling 2.1 tier as the provider names it in its model paths. */
  public static String kling21Tier(String provider, String tier) {
    return switch (tier == null ? "" : tier) {
      case "standard", "pro", "master" -> tier;
      default -> throw new ProviderException(ProviderError.INVALID_REQUEST,
          "tier: " + provider + "'s Kling 2.1 has standard, pro and master, not '" + tier + "'");
    };
  }

  /** Kling's text lip-sync fields, which fal and WaveSpeed host under the same names. */
  public static void putKlingSpeech(ObjectNode input, GenerationRequest.Speech speech) {
    input.put("text", speech.text());
    input.put("voice_id", speech.voiceId());
    input.put("voice_language", speech.voiceLanguage());
    input.put("voice_speed", speech.voiceSpeed());
  }

  public static AssetRef required(String provider, AssetRef ref, String field) {
    if (ref == null) {
      throw new ProviderException(ProviderError.INVALID_REQUEST, field + ": required for this " + provider + " call");
    }
    return ref;
  }

  public static String urlEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
