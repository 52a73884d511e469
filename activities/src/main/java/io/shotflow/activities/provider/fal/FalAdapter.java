package io.shotflow.activities.provider.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.shotflow.provider.Capabilities;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.activities.provider.JobState;
import io.shotflow.activities.provider.NativeLine;
import io.shotflow.activities.provider.ProviderAdapter;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.activities.provider.ProviderCalls;
import io.shotflow.activities.provider.ProviderClient;
import io.shotflow.provider.ProviderError;
import io.shotflow.activities.provider.ProviderException;
import io.shotflow.activities.provider.ProviderInputs;
import io.shotflow.provider.ProviderJob;
import io.shotflow.provider.RateCard;
import io.shotflow.activities.provider.SubmitLookup;
import io.shotflow.activities.provider.SubmitRules;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;

/**
 * fal's queue API (docs/providers.md §2): submit at the full model path, then status and result at the URLs fal returns.
 * Clips are {@code fal-ai/kling-video/v2.1/{standard|pro|master}/image-to-video} (an EXTEND is a last-frame
 * continuation: fal hosts no Kling extend), lip-sync is {@code fal-ai/kling-video/lipsync/audio-to-video} or, when
 * {@code shotflow.providers.fal.lip-sync-model} says so, Sync's {@code fal-ai/sync-lipsync/v2}; a line of text goes to
 * {@code fal-ai/kling-video/lipsync/text-to-video} whatever that setting (Sync's model speaks no text); keyframes are
 * {@code fal-ai/flux/dev}.
 *
 * <p>The job id is fal's {@code response_url} relative to the base URL ({@code fal-ai/kling-video/requests/<id>}; the
 * absolute URL when fal answers one elsewhere), so a restarted worker polls without any local state; the status URL is
 * the response URL plus {@code /status}, as fal lays them out. fal has no idempotency key: a submit that may have been
 * queued (a lost answer, a 5xx from fal or its gateway) fails {@link ProviderException#maybeAccepted} and is never sent
 * again by itself ({@link SubmitRules#FAL}).
 */
@Singleton
@Requires(property = "shotflow.providers.fal.api-key")
public class FalAdapter implements ProviderAdapter {

  public static final String NAME = ProviderCatalog.FAL;
  static final String FLUX_DEV = "fal-ai/flux/dev";
  /** Kling's lip-sync on fal, the default {@code lip-sync-model}. */
  static final String KLING_LIP_SYNC = "fal-ai/kling-video/lipsync/audio-to-video";
  static final String SYNC_LIP_SYNC = "fal-ai/sync-lipsync/v2";
  static final String KLING_TEXT_LIP_SYNC = "fal-ai/kling-video/lipsync/text-to-video";

  private final ProviderSettings config;
  private final ProviderInputs inputs;
  private final RateCard rateCard;
  private final ProviderClient client;
  private final ObjectMapper json;
  private final String base;

  /** An adapter that charges the catalog's prices. */
  public FalAdapter(ProviderSettings config, ProviderInputs inputs, ProviderHttp http, ObjectMapper json) {
    this(config, inputs, RateCard.defaults(), http, json);
  }

  @Inject
  public FalAdapter(ProviderSettingsRegistry settings, ProviderInputs inputs, RateCard rateCard, ProviderHttp http,
      ObjectMapper json) {
    this(settings.get(NAME), inputs, rateCard, http, json);
  }

  public FalAdapter(ProviderSettings config, ProviderInputs inputs, RateCard rateCard, ProviderHttp http,
      ObjectMapper json) {
    this.client = new ProviderClient(config, http, json, "fal", "Authorization", "Key ", FalErrors.TABLE,
        Clock.systemUTC());
    if (!KLING_LIP_SYNC.equals(config.getLipSyncModel()) && !SYNC_LIP_SYNC.equals(config.getLipSyncModel())) {
      throw new IllegalArgumentException(config.key("lip-sync-model") + " must be " + KLING_LIP_SYNC + " or "
          + SYNC_LIP_SYNC + ", not " + config.getLipSyncModel());
    }
    this.config = config;
    this.inputs = inputs;
    this.rateCard = rateCard;
    this.json = json;
    this.base = client.base();
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Jobs carry a webhook when a public URL is set; the webhook route then notifies. */
  @Override
  public boolean notifies() {
    return inputs.publicUrl().isPresent();
  }

  /** The model path a request goes to. */
  private String modelPath(GenerationRequest request) {
    return switch (request.kind()) {
      case KEYFRAME -> FLUX_DEV;
      case CLIP, EXTEND -> ProviderCalls.videoEntry(NAME, request).endpoint();
      case LIP_SYNC -> request.speech() != null ? KLING_TEXT_LIP_SYNC : config.getLipSyncModel();
    };
  }

  /** The {@code owner/app} that a model path's requests live under. */
  static String app(String modelPath) {
    String[] segments = modelPath.split("/");
    return segments[0] + "/" + segments[1];
  }

  @Override
  public String submit(GenerationRequest request) {
    String model = modelPath(request);
    HttpResponse<byte[]> response = client.submit(
        client.jsonPost(base + "/" + model + webhookQuery(model), input(request)), SubmitRules.FAL, model);
    JsonNode answer = client.parse(response);
    if (client.isRefusal(response, answer)) {
      throw client.submitRefused(SubmitRules.FAL, "fal refused the submit to " + model, response, answer);
    }
    String responseUrl = answer == null ? "" : answer.path("response_url").asText("");
    if (responseUrl.isEmpty()) {
      throw SubmitRules.FAL.unreadable(model, response.statusCode());
    }
    return responseUrl.startsWith(base + "/") ? responseUrl.substring(base.length() + 1) : responseUrl;
  }

  /** fal has no idempotency key and its queue API no way to list requests (docs/providers.md §12). */
  @Override
  public SubmitLookup findSubmitted(GenerationRequest request, Instant sentAt) {
    return SubmitRules.FAL.unknown();
  }

  @Override
  public JobState poll(ProviderJob job, GenerationRequest request) {
    String responseUrl = job.jobId().startsWith("http://") || job.jobId().startsWith("https://")
        ? job.jobId() : base + "/" + job.jobId();
    HttpResponse<byte[]> status = client.get(responseUrl + "/status", "fal status of " + job.jobId());
    JsonNode state = client.parse(status);
    if (client.isRefusal(status, state)) {
      throw client.refused("fal status of " + job.jobId(), status, state);
    }
    String value = state == null ? "" : state.path("status").asText("");
    return switch (value) {
      case "IN_QUEUE", "IN_PROGRESS" -> new JobState.Running();
      case "COMPLETED" -> result(job, request, client.get(responseUrl, "fal result of " + job.jobId()));
      default -> throw new ProviderException(ProviderError.TRANSIENT,
          "fal status of " + job.jobId() + " is unreadable: '" + value + "'");
    };
  }

  private JobState result(ProviderJob job, GenerationRequest request, HttpResponse<byte[]> response) {
    JsonNode body = client.parse(response);
    int code = response.statusCode();
    if (code != 200) {
      ProviderError error = FalErrors.result(code, body);
      if (error.retryable()) {
        throw new ProviderException(error, "fal result of " + job.jobId() + " answered HTTP " + code,
            client.retryAfter(response));
      }
      return new JobState.Failed(error, "fal request " + job.jobId() + " failed (HTTP " + code + "): "
          + (body == null ? "no detail" : body.path("detail").toString()));
    }
    if (body == null) {
      throw new ProviderException(ProviderError.TRANSIENT, "fal result of " + job.jobId() + " is not JSON");
    }
    boolean image = request.kind() == GenerationKind.KEYFRAME;
    JsonNode file = image ? body.path("images").path(0) : body.path("video");
    return ProviderClient.output(file.path("url").asText(""), cost(request), file.path("content_type").asText(null),
        "fal request " + job.jobId() + " returned no output URL");
  }

  /**
   * fal returns no charge with the result: the rate card's price of the request ({@link RateCard#price}, flux/dev per
   * started megapixel), the same function the workflow reserves with.
   */
  private BigDecimal cost(GenerationRequest request) {
    return rateCard.price(request.withProvider(NAME));
  }

  private ObjectNode input(GenerationRequest request) {
    ObjectNode input = json.createObjectNode();
    switch (request.kind()) {
      case KEYFRAME -> {
        input.put("prompt", request.prompt());
        input.putObject("image_size").put("width", request.width()).put("height", request.height());
        input.put("num_images", 1);
        input.put("output_format", "png");
        input.put("enable_safety_checker", true);
      }
      case CLIP, EXTEND -> imageToVideo(input, request);
      case LIP_SYNC -> {
        input.put("video_url", inputs.urlOrDataUri(ProviderCalls.required("fal", request.sourceVideo(), "source_video")));
        GenerationRequest.Speech speech = request.speech();
        if (speech != null) {
          ProviderCalls.putKlingSpeech(input, speech);
          return input;
        }
        input.put("audio_url", inputs.urlOrDataUri(ProviderCalls.required("fal", request.audio(), "dialogue.audio")));
        if (SYNC_LIP_SYNC.equals(config.getLipSyncModel())) {
          input.put("model", config.getSyncModel());
          input.put("sync_mode", "cut_off");
        }
      }
    }
    return input;
  }

  /**
   * An image-to-video input as the model's fal schema names its fields (docs/providers.md §2.2, §2.6): Kling 2.1 and
   * 2.5 Turbo take {@code image_url} and {@code tail_image_url}; 2.6 and 3.0 {@code start_image_url} and
   * {@code end_image_url}, and generate audio unless told not to ({@code generate_audio} defaults to true: it is sent
   * as the request's {@code nativeAudio}, with the line to speak in the prompt [I], and its voice, where the line has one,
   * as {@code voice_ids: [<id>]} named {@code <<<voice_1>>>} in the prompt ({@link NativeLine}); the id goes as given,
   * as fal's come from its create-voice endpoint per account); 3.0 takes the shot's character
   * references as {@code elements}, one element a reference ({@code frontal_image_url}, as the element
   * of fal's v3 schema example), named in the prompt as {@code @Element1}…;
   * O1 reference-to-video takes images only as references, so
   * the start frame is the first of {@code image_urls} and the prompt names it ([I]: fal's own example prompt,
   * "Take @Image1 as the start frame"), the character references following it.
   */
  private void imageToVideo(ObjectNode input, GenerationRequest request) {
    Capabilities entry = ProviderCalls.videoEntry(NAME, request);
    String start = inputs.urlOrDataUri(ProviderCalls.required("fal", request.startFrame(), "start_frame"));
    switch (entry.model()) {
      case ProviderCatalog.KLING_O1 -> {
        ArrayNode images = input.putArray("image_urls");
        images.add(start);
        StringBuilder named = new StringBuilder();
        for (int i = 0; i < request.references().size(); i++) {
          images.add(inputs.urlOrDataUri(request.references().get(i)));
          named.append(i == 0 ? " Characters: " : ", ").append("@Image").append(i + 2);
        }
        input.put("prompt", "Take @Image1 as the start frame." + named + ". " + request.prompt());
      }
      case ProviderCatalog.KLING_V2_6, ProviderCatalog.KLING_V3 -> {
        StringBuilder prompt = new StringBuilder();
        if (!request.references().isEmpty()) {
          ArrayNode elements = input.putArray("elements");
          for (int i = 0; i < request.references().size(); i++) {
            elements.addObject().put("frontal_image_url", inputs.urlOrDataUri(request.references().get(i)));
            prompt.append("@Element").append(i + 1).append(' ');
          }
        }
        boolean voiced = NativeLine.bindsVoice(NAME, request);
        prompt.append(NativeLine.prompt(request.prompt(), request, voiced));
        input.put("prompt", prompt.toString());
        if (voiced) {
          // voice control: fal's voice_ids (at most 2), named <<<voice_1>>> in the prompt (§2.6)
          input.putArray("voice_ids").add(request.speech().voiceId());
        }
        input.put("start_image_url", start);
        if (request.endFrame() != null) {
          input.put("end_image_url", inputs.urlOrDataUri(request.endFrame()));
        }
        input.put("generate_audio", request.nativeAudio());
      }
      default -> {
        input.put("prompt", request.prompt());
        input.put("image_url", start);
        if (request.endFrame() != null) {
          input.put("tail_image_url", inputs.urlOrDataUri(request.endFrame()));
        }
      }
    }
    input.put("duration", String.valueOf(request.durationSeconds()));
    if (request.negativePrompt() != null && !request.negativePrompt().isBlank()) {
      input.put("negative_prompt", request.negativePrompt());
    }
  }

  /**
   * {@code ?fal_webhook=<public-url>/api/webhooks/fal?app=<owner/app>} when a public URL is set: fal's webhook names
   * only the request id, and the app lets the receiver rebuild this adapter's job id from it.
   */
  private String webhookQuery(String model) {
    return inputs.publicUrl()
        .map(url -> "?fal_webhook=" + ProviderCalls.urlEncode(url + "/api/webhooks/fal?app=" + ProviderCalls.urlEncode(app(model))))
        .orElse("");
  }

}
