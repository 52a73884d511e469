package io.shotflow.activities.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotflow.media.AssetRef;
import io.shotflow.provider.Capabilities;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.ProviderCatalog;
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

  /**
   * The models file's entry for a clip or extend request on {@code provider} (a null model is Kling 2.1): its endpoint,
   * durations and frame rules. A model or tier the provider does not offer, a duration the model does not make and an
   * end frame it does not take are refused here, before anything is sent.
   */
  public static Capabilities videoEntry(String provider, GenerationRequest request) {
    String model = request.model() == null ? ProviderCatalog.KLING_V2_1 : request.model();
    Capabilities entry = ProviderCatalog.find(provider, model, request.tier()).orElseThrow(() ->
        new ProviderException(ProviderError.INVALID_REQUEST, "model: " + provider + " offers "
            + String.join(", ", ProviderCatalog.models(provider)) + " (in its tiers), not " + model + " in tier '"
            + request.tier() + "'"));
    if (!entry.supportsDuration(request.durationSeconds())) {
      throw new ProviderException(ProviderError.INVALID_REQUEST, "duration: " + provider + " " + model + " "
          + request.tier() + " makes " + entry.describeDurations() + " clips, not " + request.durationSeconds() + " s");
    }
    if (request.endFrame() != null && !entry.endFrame()) {
      throw new ProviderException(ProviderError.INVALID_REQUEST, "end_frame: " + provider + "'s " + model + " "
          + request.tier() + " takes no end frame");
    }
    return entry;
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
