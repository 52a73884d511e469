package io.shotflow.activities.provider.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.activities.provider.JobState;
import io.shotflow.activities.provider.ProviderAdapter;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.RateCard;
import io.shotflow.activities.provider.ProviderCalls;
import io.shotflow.activities.provider.ProviderClient;
import io.shotflow.provider.ProviderError;
import io.shotflow.activities.provider.ProviderException;
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
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replicate's prediction API for official models (docs/providers.md §4): {@code POST /v1/models/{owner}/{name}/predictions}
 * with {@code Cancel-After} (and {@code Prefer: wait} when configured), then {@code GET /v1/predictions/{id}} until it
 * is {@code succeeded}, {@code failed}, {@code canceled} or {@code aborted}. Clips are {@code kwaivgi/kling-v2.1}
 * ({@code mode} standard|pro, {@code end_image} pro only) or {@code kwaivgi/kling-v2.1-master} (an EXTEND is a
 * last-frame continuation: Replicate hosts no Kling extend); lip-sync is {@code kwaivgi/kling-lip-sync}, with
 * {@code audio_file} or a line of {@code text} in {@code voice_id} at {@code voice_speed}; keyframes are
 * the configured flux model. File inputs are public URLs, or data URIs without a public URL (Replicate takes data URLs
 * for file inputs). A {@code Retry-After} on a 429 (seconds or an HTTP date) becomes the next retry's delay.
 *
 * <p>Replicate has no idempotency key: a create that may have been accepted (a lost answer, a 5xx) fails
 * {@link ProviderException#maybeAccepted} and is never sent again by itself; {@link #findSubmitted} looks for it in the
 * account's prediction list ({@link SubmitRules#REPLICATE}), and {@code Cancel-After} bounds what an orphan can cost.
 */
@Singleton
@Requires(property = "shotflow.providers.replicate.api-key")
public class ReplicateAdapter implements ProviderAdapter {

  public static final String NAME = ProviderCatalog.REPLICATE;
  static final String KLING = "kwaivgi/kling-v2.1";
  static final String LIP_SYNC = "kwaivgi/kling-lip-sync";
  /** How far before {@code sentAt} the list is read: clock skew between this worker and Replicate [I]. */
  static final Duration LIST_SKEW = Duration.ofMinutes(2);
  /** How long after a send's request timeout its prediction is taken to be listed if it exists [I]. */
  static final Duration LIST_SETTLE = Duration.ofSeconds(10);
  /** The most list pages (100 predictions each) one lookup reads [I]. */
  static final int LIST_PAGES = 5;

  private final ProviderSettings config;
  private final ProviderInputs inputs;
  private final RateCard rateCard;
  private final Clock clock;
  private final ProviderClient client;
  private final ObjectMapper json;
  private final String base;

  /** An adapter that charges the catalog's prices. */
  public ReplicateAdapter(ProviderSettings config, ProviderInputs inputs, ProviderHttp http, ObjectMapper json) {
    this(config, inputs, RateCard.defaults(), http, json, Clock.systemUTC());
  }

  @Inject
  public ReplicateAdapter(ProviderSettingsRegistry settings, ProviderInputs inputs, RateCard rateCard,
      ProviderHttp http, ObjectMapper json) {
    this(settings.get(NAME), inputs, rateCard, http, json, Clock.systemUTC());
  }

  public ReplicateAdapter(ProviderSettings config, ProviderInputs inputs, RateCard rateCard, ProviderHttp http,
      ObjectMapper json, Clock clock) {
    this.client = new ProviderClient(config, http, json, "Replicate", "Authorization", "Bearer ",
        ReplicateErrors.TABLE, clock);
    Duration wait = config.getPreferWait();
    if (wait != null && !wait.isZero()
        && (wait.isNegative() || wait.toSeconds() > 60 || wait.compareTo(config.getRequestTimeout()) >= 0)) {
      throw new IllegalArgumentException(config.key("prefer-wait") + " must be 1–60 s and shorter than "
          + ".request-timeout (" + config.getRequestTimeout() + "), got " + wait);
    }
    this.config = config;
    this.inputs = inputs;
    this.rateCard = rateCard;
    this.clock = clock;
    this.json = json;
    this.base = client.base();
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The {@code owner/name} a request goes to: for a clip, the models file's endpoint of its model and tier; a model,
   * tier, duration or end frame the entry does not take is refused here, before anything is sent.
   */
  String model(GenerationRequest request) {
    return switch (request.kind()) {
      case KEYFRAME -> config.getKeyframeModel();
      case CLIP, EXTEND -> ProviderCalls.videoEntry(NAME, request).endpoint();
      case LIP_SYNC -> LIP_SYNC;
    };
  }

  @Override
  public String submit(GenerationRequest request) {
    String model = model(request);
    ObjectNode body = json.createObjectNode();
    body.set("input", input(request));
    inputs.publicUrl().ifPresent(url -> {
      body.put("webhook", url + "/api/webhooks/" + NAME);
      body.putArray("webhook_events_filter").add("completed");
    });
    HttpRequest.Builder post = client.jsonPost(base + "/v1/models/" + model + "/predictions", body);
    Duration wait = config.getPreferWait();
    if (wait != null && !wait.isZero()) {
      post.header("Prefer", "wait=" + Math.max(1, wait.toSeconds()));
    }
    Duration cancelAfter = config.getCancelAfter();
    if (cancelAfter != null && !cancelAfter.isZero()) {
      post.header("Cancel-After", goDuration(cancelAfter));
    }
    HttpResponse<byte[]> response = client.submit(post, SubmitRules.REPLICATE, model);
    JsonNode prediction = client.parse(response);
    if (client.isRefusal(response, prediction)) {
      throw client.submitRefused(SubmitRules.REPLICATE, "Replicate refused the prediction of " + model, response,
          prediction);
    }
    String id = prediction == null ? "" : prediction.path("id").asText("");
    if (id.isEmpty()) {
      throw SubmitRules.REPLICATE.unreadable(model, response.statusCode());
    }
    return id;
  }

  /**
   * Replicate's list of the account's predictions ({@code GET /v1/predictions?created_after=}, newest first, 100 a
   * page, docs/providers.md §4.1) searched for one of the same model with the same input, created since
   * {@code sentAt} less {@link #LIST_SKEW}. Exactly one: found; none in a list read to its end: not accepted; more than
   * one, more than {@link #LIST_PAGES} pages, or a candidate whose input was removed: unknown. The list is trusted only
   * once {@code request-timeout} and {@link #LIST_SETTLE} have passed since {@code sentAt}, so a create still in flight
   * when its answer was lost has landed in it [I]; before that the lookup fails retryably, with the wait as its delay.
   */
  @Override
  public SubmitLookup findSubmitted(GenerationRequest request, Instant sentAt) {
    String model = model(request);
    Instant trusted = sentAt.plus(config.getRequestTimeout()).plus(LIST_SETTLE);
    Instant now = clock.instant();
    if (now.isBefore(trusted)) {
      throw ProviderException.maybeAccepted(ProviderError.TRANSIENT, "too soon to read Replicate's predictions for a "
          + "submit sent at " + sentAt + ": a create still in flight may not be listed before " + trusted,
          Duration.between(now, trusted));
    }
    JsonNode wanted = comparable(input(request));
    String url = base + "/v1/predictions?created_after=" + ProviderCalls.urlEncode(sentAt.minus(LIST_SKEW).toString());
    List<String> matches = new ArrayList<>();
    boolean inputRemoved = false;
    for (int page = 0; page < LIST_PAGES; page++) {
      JsonNode list = lookupJson(url, "the prediction list");
      for (JsonNode prediction : list.path("results")) {
        if (!model.equals(prediction.path("model").asText())) {
          continue;
        }
        String id = prediction.path("id").asText("");
        JsonNode input = prediction.get("input");
        if ((input == null || input.isNull()) && !prediction.path("data_removed").asBoolean(false)) {
          // the list may leave the input out: the prediction itself has it
          input = lookupJson(base + "/v1/predictions/" + ProviderCalls.urlEncode(id), "prediction " + id).get("input");
        }
        if (input == null || input.isNull() || prediction.path("data_removed").asBoolean(false)) {
          inputRemoved = true;
        } else if (wanted.equals(comparable(input))) {
          matches.add(id);
        }
      }
      String next = list.path("next").asText("");
      if (next.isEmpty() || list.path("next").isNull()) {
        if (matches.size() == 1) {
          return new SubmitLookup.Found(matches.get(0));
        }
        if (matches.size() > 1) {
          return new SubmitLookup.Unknown(matches.size() + " Replicate predictions of " + model
              + " with this input since " + sentAt + " (" + String.join(", ", matches) + "): which one is this take's?");
        }
        return inputRemoved
            ? new SubmitLookup.Unknown("a Replicate prediction of " + model + " since " + sentAt
                + " has had its input removed, so it cannot be told apart")
            : new SubmitLookup.NotAccepted();
      }
      url = sameHost(next);
    }
    return matches.size() == 1 ? new SubmitLookup.Found(matches.get(0))
        : new SubmitLookup.Unknown("more than " + LIST_PAGES + " pages of Replicate predictions since " + sentAt
            + "; not read further");
  }

  /**
   * An input as comparable JSON: links to Shotflow's own assets without their signature and expiry, which differ from
   * one signing to the next.
   */
  private JsonNode comparable(JsonNode input) {
    JsonNode copy = input.deepCopy();
    if (copy.isObject()) {
      ObjectNode object = (ObjectNode) copy;
      object.fieldNames().forEachRemaining(name -> {
        if (object.path(name).isTextual()) {
          object.put(name, inputs.unsigned(object.path(name).asText()));
        }
      });
    }
    return copy;
  }

  /** A {@code next} page URL on the configured base URL, so the token never goes to another host. */
  private String sameHost(String next) {
    URI uri = URI.create(next);
    return base + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private JsonNode lookupJson(String url, String what) {
    JsonNode body;
    try {
      body = client.getJson(url, "Replicate " + what);
    } catch (ProviderException e) {
      throw SubmitRules.REPLICATE.lookupFailed(e);
    }
    if (!body.isObject()) {
      throw SubmitRules.REPLICATE.lookupFailed(new ProviderException(ProviderError.TRANSIENT,
          "Replicate " + what + " is not a JSON object"));
    }
    return body;
  }

  @Override
  public JobState poll(ProviderJob job, GenerationRequest request) {
    String what = "Replicate prediction " + job.jobId();
    JsonNode prediction = client.getJson(base + "/v1/predictions/" + ProviderCalls.urlEncode(job.jobId()), what);
    String status = prediction.path("status").asText("");
    String error = prediction.path("error").asText("");
    return switch (status) {
      case "starting", "processing" -> new JobState.Running();
      case "succeeded" -> {
        JsonNode output = prediction.path("output");
        String url = (output.isArray() ? output.path(0) : output).asText("");
        yield ProviderClient.output(url, cost(request), request.kind() == GenerationKind.KEYFRAME ? null : "video/mp4",
            what + " succeeded without an output");
      }
      case "failed" -> new JobState.Failed(ReplicateErrors.prediction(error),
          what + " failed: " + (error.isEmpty() ? "no reason given" : error));
      case "canceled", "aborted" -> new JobState.Failed(ProviderError.JOB_FAILED, what + " was " + status
          + " (by its Cancel-After deadline or a cancel)");
      default -> throw ProviderClient.unknownStatus(what, status);
    };
  }

  /** Replicate returns no charge with the prediction: the rate card's price of the request, as reserved. */
  private BigDecimal cost(GenerationRequest request) {
    return rateCard.price(request.withProvider(NAME));
  }

  private ObjectNode input(GenerationRequest request) {
    ObjectNode input = json.createObjectNode();
    switch (request.kind()) {
      case KEYFRAME -> {
        input.put("prompt", request.prompt());
        input.put("aspect_ratio", request.aspectRatio());
        input.put("num_outputs", 1);
        input.put("output_format", "png");
      }
      case CLIP, EXTEND -> {
        input.put("prompt", request.prompt());
        input.put("start_image", inputs.urlOrDataUri(ProviderCalls.required("Replicate", request.startFrame(), "start_frame")));
        if (request.endFrame() != null) {
          input.put("end_image", inputs.urlOrDataUri(request.endFrame()));
        }
        if (request.negativePrompt() != null && !request.negativePrompt().isBlank()) {
          input.put("negative_prompt", request.negativePrompt());
        }
        if (KLING.equals(model(request))) {
          // only kwaivgi/kling-v2.1 has a mode; its master and kling-v2.5-turbo-pro are one tier each
          // ([I] for kling-v2.5-turbo-pro: its schema as a relay copies it lists no mode, docs/providers.md §4.5)
          input.put("mode", request.tier());
        }
        input.put("duration", request.durationSeconds());
      }
      case LIP_SYNC -> {
        input.put("video_url", inputs.urlOrDataUri(ProviderCalls.required("Replicate", request.sourceVideo(), "source_video")));
        GenerationRequest.Speech speech = request.speech();
        if (speech != null) {
          // the model has no voice_language: the voice id carries it (en_AOT, zh_...)
          input.put("text", speech.text());
          input.put("voice_id", speech.voiceId());
          input.put("voice_speed", speech.voiceSpeed());
        } else {
          input.put("audio_file", inputs.urlOrDataUri(ProviderCalls.required("Replicate", request.audio(), "dialogue.audio")));
        }
      }
    }
    return input;
  }

  /** A duration as Replicate's {@code Cancel-After} takes it: {@code 90s}, {@code 30m}, {@code 2h}. */
  static String goDuration(Duration d) {
    long seconds = d.toSeconds();
    return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }

}
