package io.shotflow.activities.provider.wavespeed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.Capabilities;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.activities.provider.JobState;
import io.shotflow.activities.provider.ProviderAdapter;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.RateCard;
import io.shotflow.activities.provider.ProviderCalls;
import io.shotflow.activities.provider.ProviderClient;
import io.shotflow.activities.provider.ProviderException;
import io.shotflow.provider.ProviderError;
import io.shotflow.activities.provider.ProviderInputs;
import io.shotflow.provider.ProviderJob;
import io.shotflow.activities.provider.SubmitLookup;
import io.shotflow.activities.provider.SubmitRules;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;

/**
 * WaveSpeed's v3 API (docs/providers.md §3): {@code POST /api/v3/{model}} answered with the {@code code/message/data} envelope,
 * then {@code GET /api/v3/predictions/{id}/result} until the prediction is {@code completed}, {@code failed},
 * {@code cancelled} or {@code timeout}. Clips are {@code kwaivgi/kling-v2.1-i2v-{standard|pro|master}}, or
 * {@code kwaivgi/kling-v2.1-i2v-pro/start-end-frame} with an end frame (an EXTEND is a last-frame continuation:
 * WaveSpeed hosts no Kling extend); lip-sync is {@code kwaivgi/kling-lipsync/audio-to-video}, or
 * {@code kwaivgi/kling-lipsync/text-to-video} for a line of text (docs/providers.md §3.2, seen on a mirror of the catalog);
 * keyframes are
 * {@code wavespeed-ai/flux-dev}. Inputs are public URLs, or data URIs without a public URL (WaveSpeed documents URLs;
 * accepting data URIs is inferred [I]).
 *
 * <p>WaveSpeed has no idempotency key and its own SDK never resends a submit: a submit that may have been created (a
 * lost answer, a 5xx) fails {@link ProviderException#maybeAccepted} and is never sent again by itself
 * ({@link SubmitRules#WAVESPEED}).
 */
@Singleton
@Requires(property = "shotflow.providers.wavespeed.api-key")
public class WaveSpeedAdapter implements ProviderAdapter {

  public static final String NAME = ProviderCatalog.WAVESPEED;
  static final String FLUX_DEV = "wavespeed-ai/flux-dev";
  static final String LIP_SYNC = "kwaivgi/kling-lipsync/audio-to-video";
  static final String TEXT_LIP_SYNC = "kwaivgi/kling-lipsync/text-to-video";

  private final ProviderInputs inputs;
  private final RateCard rateCard;
  private final ProviderClient client;
  private final ObjectMapper json;
  private final String base;

  /** An adapter that charges the catalog's prices. */
  public WaveSpeedAdapter(ProviderSettings config, ProviderInputs inputs, ProviderHttp http, ObjectMapper json) {
    this(config, inputs, RateCard.defaults(), http, json);
  }

  @Inject
  public WaveSpeedAdapter(ProviderSettingsRegistry settings, ProviderInputs inputs, RateCard rateCard, ProviderHttp http,
      ObjectMapper json) {
    this(settings.get(NAME), inputs, rateCard, http, json);
  }

  public WaveSpeedAdapter(ProviderSettings config, ProviderInputs inputs, RateCard rateCard, ProviderHttp http,
      ObjectMapper json) {
    this.client = new ProviderClient(config, http, json, "WaveSpeed", "Authorization", "Bearer ",
        WaveSpeedErrors.TABLE, Clock.systemUTC());
    this.inputs = inputs;
    this.rateCard = rateCard;
    this.json = json;
    this.base = client.base();
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The model a request goes to, from the models file: the entry's endpoint, or its end-frame endpoint for a request
   * with an end frame where the provider has a separate model for it (Kling 2.1 pro's start-end-frame); a model, tier,
   * duration or end frame the entry does not take is refused here, before anything is sent.
   */
  static String model(GenerationRequest request) {
    return switch (request.kind()) {
      case KEYFRAME -> FLUX_DEV;
      case CLIP, EXTEND -> {
        Capabilities entry = ProviderCalls.videoEntry(NAME, request);
        yield request.endFrame() != null && entry.endFrameEndpoint() != null ? entry.endFrameEndpoint() : entry.endpoint();
      }
      case LIP_SYNC -> request.speech() != null ? TEXT_LIP_SYNC : LIP_SYNC;
    };
  }

  @Override
  public String submit(GenerationRequest request) {
    String model = model(request);
    HttpResponse<byte[]> response = client.submit(
        client.jsonPost(base + "/api/v3/" + model + webhookQuery(), input(request)), SubmitRules.WAVESPEED, model);
    JsonNode envelope = client.parse(response);
    if (client.isRefusal(response, envelope)) {
      throw client.submitRefused(SubmitRules.WAVESPEED, "WaveSpeed refused the submit to " + model, response,
          envelope);
    }
    String id = envelope == null ? "" : envelope.path("data").path("id").asText("");
    if (id.isEmpty()) {
      throw SubmitRules.WAVESPEED.unreadable(model, response.statusCode());
    }
    return id;
  }

  /** WaveSpeed has no idempotency key and documents no way to list predictions (docs/providers.md §12). */
  @Override
  public SubmitLookup findSubmitted(GenerationRequest request, Instant sentAt) {
    return SubmitRules.WAVESPEED.unknown();
  }

  @Override
  public JobState poll(ProviderJob job, GenerationRequest request) {
    JsonNode envelope = client.getJson(
        base + "/api/v3/predictions/" + ProviderCalls.urlEncode(job.jobId()) + "/result",
        "WaveSpeed result of " + job.jobId());
    JsonNode prediction = envelope.path("data");
    String status = prediction.path("status").asText("");
    String error = prediction.path("error").asText("");
    String what = "WaveSpeed prediction " + job.jobId();
    return switch (status) {
      case "created", "processing" -> new JobState.Running();
      case "completed" -> {
        String url = prediction.path("outputs").path(0).asText("");
        yield ProviderClient.output(url, cost(request), request.kind() == GenerationKind.KEYFRAME ? null : "video/mp4",
            what + " completed without an output");
      }
      case "failed" -> new JobState.Failed(WaveSpeedErrors.prediction(error),
          what + " failed: " + (error.isEmpty() ? "no reason given" : error));
      case "cancelled", "timeout" -> new JobState.Failed(ProviderError.JOB_FAILED, what + " ended " + status
          + (error.isEmpty() ? "" : ": " + error));
      default -> throw ProviderClient.unknownStatus(what, status);
    };
  }

  /** WaveSpeed returns no charge with the prediction: the rate card's price of the request, as reserved. */
  private BigDecimal cost(GenerationRequest request) {
    return rateCard.price(request.withProvider(NAME));
  }

  private ObjectNode input(GenerationRequest request) {
    ObjectNode input = json.createObjectNode();
    switch (request.kind()) {
      case KEYFRAME -> {
        input.put("prompt", request.prompt());
        input.put("size", request.width() + "*" + request.height());
        input.put("num_images", 1);
        input.put("enable_safety_checker", true);
      }
      case CLIP, EXTEND -> {
        input.put("prompt", request.prompt());
        input.put("image", inputs.urlOrDataUri(ProviderCalls.required("WaveSpeed", request.startFrame(), "start_frame")));
        if (request.endFrame() != null) {
          // Kling 2.1's start-end-frame model names it end_image; Kling 2.5 Turbo pro last_image (docs/providers.md §3.6)
          input.put(ProviderCatalog.KLING_V2_5_TURBO.equals(request.model()) ? "last_image" : "end_image",
              inputs.urlOrDataUri(request.endFrame()));
        }
        if (request.negativePrompt() != null && !request.negativePrompt().isBlank()) {
          input.put("negative_prompt", request.negativePrompt());
        }
        input.put("duration", request.durationSeconds());
      }
      case LIP_SYNC -> {
        input.put("video", inputs.urlOrDataUri(ProviderCalls.required("WaveSpeed", request.sourceVideo(), "source_video")));
        GenerationRequest.Speech speech = request.speech();
        if (speech != null) {
          ProviderCalls.putKlingSpeech(input, speech);
        } else {
          input.put("audio", inputs.urlOrDataUri(ProviderCalls.required("WaveSpeed", request.audio(), "dialogue.audio")));
        }
      }
    }
    return input;
  }

  /** {@code ?webhook=<public-url>/api/webhooks/wavespeed} when a public URL is set. */
  private String webhookQuery() {
    return inputs.publicUrl().map(url -> "?webhook=" + ProviderCalls.urlEncode(url + "/api/webhooks/" + NAME)).orElse("");
  }

}
