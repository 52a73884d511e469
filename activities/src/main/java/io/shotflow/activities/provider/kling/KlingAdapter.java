package io.shotflow.activities.provider.kling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.shotflow.media.AssetRef;
import io.shotflow.provider.Capabilities;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.activities.provider.JobState;
import io.shotflow.activities.provider.NativeLine;
import io.shotflow.activities.provider.ProviderAdapter;
import io.shotflow.provider.Billing;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.RateCard;
import io.shotflow.activities.provider.ProviderCalls;
import io.shotflow.provider.ProviderError;
import io.shotflow.activities.provider.ProviderException;
import io.shotflow.activities.provider.ProviderInputs;
import io.shotflow.activities.provider.SubmitLookup;
import io.shotflow.activities.provider.SubmitRules;
import io.shotflow.provider.ProviderJob;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The Kling official API (docs/providers.md §1). Keyframes are {@code images/generations} with kling-v2-1; clips are
 * {@code videos/image2video} (kling-v2-1 std|pro, kling-v2-1-master, kling-v1-6 std|pro, and the newer families of
 * {@code models.yaml}), or {@code videos/omni-video} for O1 and for 3.0 with character references. An EXTEND step
 * naming the source's Kling video id is Kling's native {@code videos/video-extend} (v1.x sources only), whose result is
 * the whole extended video; any other EXTEND is a last-frame continuation, a new image-to-video from the request's
 * start frame.
 * Lip-sync is the legacy {@code videos/lip-sync}, in audio2video mode or, for a line of text, text2video.
 *
 * <p>Every submit carries {@code external_task_id}, derived from the request's idempotency key, which Kling keeps
 * unique: a submit retried after a lost answer or a worker crash is refused as a duplicate (or finds no answer) and
 * looks that id up, finding the task the first attempt created instead of paying for the take twice. A refusal that may
 * come after the task was created (a 5xx, codes 5000–5002) fails {@link ProviderException#maybeAccepted}, so the
 * submit activity looks the id up before anything else ({@link #findSubmitted}, {@link SubmitRules#KLING}).
 */
@Singleton
@Requires(property = "shotflow.providers.kling.access-key")
@Requires(property = "shotflow.providers.kling.secret-key")
public class KlingAdapter implements ProviderAdapter {

  public static final String NAME = ProviderCatalog.KLING;
  static final String IMAGES = "/v1/images/generations";
  static final String IMAGE_TO_VIDEO = "/v1/videos/image2video";
  static final String LIP_SYNC = "/v1/videos/lip-sync";
  static final String VIDEO_EXTEND = "/v1/videos/video-extend";
  static final String OMNI_VIDEO = "/v1/videos/omni-video";
  /**
   * Kling 3.0 on omni-video (docs/providers.md §1.13): 3-15 s, std and pro, start and end frame, sound, and reference
   * images in {@code image_list}. Kling 3.0's image2video takes references only as {@code element_list} ids of Kling's
   * element library, which would need an element created (its own task) per character before its first shot.
   */
  static final String KLING_V3_OMNI = "kling-v3-omni";
  /**
   * Omni-video takes at most 7 images and elements in all without a reference video (docs/providers.md §1.13); the
   * frames are counted among them, as they are {@code image_list} entries too [I: the doc does not say whether typed
   * frames count; counting them never sends a request Kling refuses].
   */
  static final int OMNI_MAX_IMAGES = 7;

  private final ProviderSettings config;
  private final ProviderInputs inputs;
  private final RateCard rateCard;
  private final ObjectMapper json;
  private final KlingClient client;

  @Inject
  public KlingAdapter(ProviderSettingsRegistry settings, ProviderInputs inputs, RateCard rateCard, ProviderHttp http,
      ObjectMapper json) {
    this(settings.get(NAME), inputs, rateCard, http, json, Clock.systemUTC());
  }

  /** An adapter that charges the catalog's prices at the configured unit prices. */
  public KlingAdapter(ProviderSettings config, ProviderInputs inputs, ProviderHttp http, ObjectMapper json) {
    this(config, inputs, http, json, Clock.systemUTC());
  }

  public KlingAdapter(ProviderSettings config, ProviderInputs inputs, ProviderHttp http, ObjectMapper json,
      Clock clock) {
    this(config, inputs, RateCard.defaults().withKlingUnitPrices(config.getUnitPriceUsd(),
        config.getImageUnitPriceUsd()), http, json, clock);
  }

  public KlingAdapter(ProviderSettings config, ProviderInputs inputs, RateCard rateCard, ProviderHttp http,
      ObjectMapper json, Clock clock) {
    this.config = config;
    this.inputs = inputs;
    this.rateCard = rateCard;
    this.json = json;
    this.client = new KlingClient(config, new KlingTokens(config.getAccessKey(), config.getSecretKey(), clock), http,
        json);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Jobs carry a callback when a public URL and a webhook secret are set; the webhook route then notifies. */
  @Override
  public boolean notifies() {
    return callbackUrl().isPresent();
  }

  @Override
  public String submit(GenerationRequest request) {
    String path = path(request);
    String externalId = externalTaskId(request.idempotencyKey());
    // Create first, look up only when Kling says the external id exists (a repeated submit) or the answer was
    // lost: one request in the common case, and still never a second task.
    ObjectNode body = body(request, externalId);
    try {
      return taskId(client.post(path, body));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw SubmitRules.KLING.sendFailed(path, e);
    } catch (IOException e) {
      // The request may have been accepted: its id tells. No task means none was created (a resend under the same
      // external_task_id is refused as a duplicate if the first one lands after all).
      return lookupAfterSubmit(path, externalId).orElseThrow(() -> new ProviderException(ProviderError.TRANSIENT,
          "Kling's answer to the submit was lost (" + e.getMessage() + ") and no task " + externalId + " exists"));
    } catch (KlingApiException e) {
      if (e.code == 1201 && e.getMessage().contains("external_task_id")) {
        // an earlier attempt (or a concurrent one) created it
        Optional<String> existing = lookupAfterSubmit(path, externalId);
        if (existing.isPresent()) {
          return existing.get();
        }
      }
      ProviderException classified = classified(e);
      throw KlingErrors.refusedBeforeCreating(e.code, e.httpStatus) ? classified
          : ProviderException.maybeAccepted(classified.error(), classified.getMessage());
    }
  }

  /** The task created under the request's {@code external_task_id}: authoritative, Kling keeps the id unique. */
  @Override
  public SubmitLookup findSubmitted(GenerationRequest request, Instant sentAt) {
    return lookupAfterSubmit(path(request), externalTaskId(request.idempotencyKey()))
        .<SubmitLookup>map(SubmitLookup.Found::new)
        .orElseGet(SubmitLookup.NotAccepted::new);
  }

  /** {@link #lookup} where a failed lookup leaves the submit possibly accepted (the next attempt looks again). */
  private Optional<String> lookupAfterSubmit(String path, String externalId) {
    try {
      return lookup(path, externalId);
    } catch (ProviderException e) {
      throw SubmitRules.KLING.lookupFailed(e);
    }
  }

  @Override
  public JobState poll(ProviderJob job, GenerationRequest request) {
    JsonNode task;
    try {
      task = client.get(path(request) + "/" + ProviderCalls.urlEncode(job.jobId()));
    } catch (IOException e) {
      throw new ProviderException(ProviderError.TRANSIENT, "Kling task query failed: " + e.getMessage());
    } catch (KlingApiException e) {
      throw classified(e);
    }
    String status = task.path("task_status").asText();
    return switch (status) {
      case "submitted", "processing" -> new JobState.Running();
      case "succeed" -> succeeded(task, request);
      case "failed" -> {
        String message = task.path("task_status_msg").asText("");
        yield new JobState.Failed(KlingErrors.taskFailure(message),
            "Kling task " + job.jobId() + " failed: " + (message.isEmpty() ? "no reason given" : message));
      }
      default -> throw new ProviderException(ProviderError.TRANSIENT,
          "Kling task " + job.jobId() + " has an unknown status '" + status + "'");
    };
  }

  /**
   * A short deterministic {@code external_task_id} for an idempotency key (Kling wants it unique per account and
   * short): {@code sf-} and the first 32 hex digits of its SHA-256.
   */
  static String externalTaskId(String idempotencyKey) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return "sf-" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static String path(GenerationRequest request) {
    return switch (request.kind()) {
      case KEYFRAME -> IMAGES;
      case CLIP -> imageToVideoPath(request);
      case EXTEND -> request.sourceVideoId() != null ? VIDEO_EXTEND : imageToVideoPath(request);
      case LIP_SYNC -> LIP_SYNC;
    };
  }


  /**
   * Kling O1 generates through omni-video; so does Kling 3.0 when the request carries references, as Kling 3.0 Omni
   * ({@link #KLING_V3_OMNI}), which takes them as images. Every other request goes through image2video. The choice
   * reads only the request, so the submit, its lookup and the polls of one request name the same endpoint.
   */
  private static String imageToVideoPath(GenerationRequest request) {
    return omni(request) ? OMNI_VIDEO : IMAGE_TO_VIDEO;
  }

  private static boolean omni(GenerationRequest request) {
    return ProviderCatalog.KLING_O1.equals(request.model())
        || (ProviderCatalog.KLING_V3.equals(request.model()) && !request.references().isEmpty());
  }

  /** The task created under {@code externalId}, if any; Kling answers "not found" with HTTP 404 or code 1202/1203. */
  private Optional<String> lookup(String path, String externalId) {
    try {
      return Optional.of(taskId(client.get(path + "/" + ProviderCalls.urlEncode(externalId))));
    } catch (KlingApiException e) {
      if (e.httpStatus == 404 || e.code == 1202 || e.code == 1203) {
        return Optional.empty();
      }
      throw classified(e);
    } catch (IOException e) {
      throw new ProviderException(ProviderError.TRANSIENT,
          "Kling lookup of " + externalId + " failed: " + e.getMessage());
    }
  }

  private static String taskId(JsonNode data) throws KlingClient.MalformedAnswerException {
    String id = data.path("task_id").asText("");
    if (id.isEmpty()) {
      throw new KlingClient.MalformedAnswerException("Kling answered without a task_id");
    }
    return id;
  }

  private ObjectNode body(GenerationRequest request, String externalId) {
    ObjectNode body = json.createObjectNode();
    switch (request.kind()) {
      case KEYFRAME -> {
        body.put("model_name", "kling-v2-1");
        body.put("prompt", request.prompt());
        putIfPresent(body, "negative_prompt", request.negativePrompt());
        body.put("aspect_ratio", request.aspectRatio());
        body.put("n", 1);
      }
      case CLIP, EXTEND -> {
        putIfPresent(body, "prompt", request.prompt());
        if (request.sourceVideoId() != null) {
          // native extend: model and mode follow the source video; Kling adds 4–5 s
          body.put("video_id", request.sourceVideoId());
        } else {
          imageToVideo(body, request);
        }
        putIfPresent(body, "negative_prompt", request.negativePrompt());
      }
      case LIP_SYNC -> lipSync(body.putObject("input"), request);
    }
    // Kling documents external_task_id for images and image2video; the legacy lip-sync schema does not list it,
    // and unknown fields are ignored, so it is sent everywhere.
    body.put("external_task_id", externalId);
    callbackUrl().ifPresent(url -> body.put("callback_url", url));
    return body;
  }

  /**
   * An image-to-video body: {@code model_name} is the models file's endpoint for the model and tier ({@code kling-v2-1},
   * {@code kling-v2-1-master}, {@code kling-v2-5-turbo}, {@code kling-v2-6}, {@code kling-v3}; master takes no mode);
   * the duration a string ("3" to "15" on kling-v3). Kling 2.6 and 3.0 make sound only with {@code sound: on}, off by
   * default (docs/providers.md §1.13): it is sent as the request's {@code nativeAudio}, with the line to speak in the
 * prompt and, on a model with voice control (2.6 pro), the line's voice as {@code voice_list: [{voice_id}]}, named
 * {@code <<<voice_1>>>} in the prompt ({@link NativeLine}); the voice id goes as given (Kling's ids come from its
 * custom and preset voice lists, per account), and Kling refuses one it does not know at the submit. Omni-video (O1, and 3.0 with
   * references as {@code kling-v3-omni}) takes the frames as entries of {@code image_list} typed {@code first_frame} /
   * {@code end_frame}, and the character references as untyped entries after them, named {@code <<<image_n>>>} at the
   * head of the prompt [I: Kling's examples name images in the prompt; where in it is Shotflow's choice]. A request
   * with more images than omni-video takes, or an end frame with references on O1 (which takes start and end frames
   * only with at most two images), is refused here, before anything is paid.
   */
  private void imageToVideo(ObjectNode body, GenerationRequest request) {
    Capabilities entry = ProviderCalls.videoEntry(NAME, request);
    boolean o1 = ProviderCatalog.KLING_O1.equals(entry.model());
    body.put("model_name", omni(request) && !o1 ? KLING_V3_OMNI : entry.endpoint());
    if (!"master".equals(request.tier())) {
      body.put("mode", "pro".equals(request.tier()) ? "pro" : "std");
    }
    body.put("duration", String.valueOf(request.durationSeconds()));
    if (request.nativeAudio()) {
      body.put("sound", "on");
      boolean voiced = NativeLine.bindsVoice(NAME, request);
      if (request.speech() != null) {
        body.put("prompt", NativeLine.prompt(body.path("prompt").asText(null), request, voiced));
      }
      if (voiced) {
        // Kling 2.6 pro's voice control: the voice by its id, named <<<voice_1>>> in the prompt (§1.13)
        body.putArray("voice_list").addObject().put("voice_id", request.speech().voiceId());
      }
    }
    String start = inputs.urlOrBase64(ProviderCalls.required("Kling", request.startFrame(), "start_frame"));
    if (omni(request)) {
      int frames = request.endFrame() != null ? 2 : 1;
      int images = frames + request.references().size();
      if (images > OMNI_MAX_IMAGES) {
        throw new ProviderException(ProviderError.INVALID_REQUEST, "Kling " + entry.model() + " takes at most "
            + OMNI_MAX_IMAGES + " images with its frames; this request has " + frames + " frame(s) and "
            + request.references().size() + " references");
      }
      if (o1 && frames == 2 && images > 2) {
        throw new ProviderException(ProviderError.INVALID_REQUEST,
            "Kling O1 takes a start and an end frame only without references");
      }
      ArrayNode list = body.putArray("image_list");
      list.addObject().put("image_url", start).put("type", "first_frame");
      if (request.endFrame() != null) {
        list.addObject().put("image_url", inputs.urlOrBase64(request.endFrame())).put("type", "end_frame");
      }
      StringBuilder named = new StringBuilder();
      for (AssetRef reference : request.references()) {
        list.addObject().put("image_url", inputs.urlOrBase64(reference));
        named.append("<<<image_").append(list.size()).append(">>> ");
      }
      if (!request.references().isEmpty() && body.has("prompt")) {
        body.put("prompt", named + body.get("prompt").asText());
      }
      return;
    }
    if (!request.references().isEmpty()) {
      // only O1 and 3.0 take references on Kling (the models file declares none for the others)
      throw new ProviderException(ProviderError.INVALID_REQUEST, "Kling " + entry.model() + " takes no references");
    }
    body.put("image", start);
    if (request.endFrame() != null) {
      body.put("image_tail", inputs.urlOrBase64(request.endFrame()));
    }
  }

  /**
   * Legacy lip-sync's {@code input}: the video by Kling's own {@code video_id} when it is a Kling video as Kling made it
   * (docs/providers.md §1.8), else by URL; then the line as text2video or the dialogue as audio2video.
   */
  private void lipSync(ObjectNode input, GenerationRequest request) {
    if (request.sourceVideoId() != null) {
      input.put("video_id", request.sourceVideoId());
    } else {
      AssetRef video = ProviderCalls.required("Kling", request.sourceVideo(), "source_video");
      input.put("video_url", inputs.url(video).orElseThrow(() -> new ProviderException(ProviderError.INVALID_REQUEST,
          "lip_sync: Kling fetches a joined video by URL; set shotflow.public-url to an address Kling can reach")));
    }
    GenerationRequest.Speech speech = request.speech();
    if (speech != null) {
      input.put("mode", "text2video");
      ProviderCalls.putKlingSpeech(input, speech);
      return;
    }
    AssetRef audio = ProviderCalls.required("Kling", request.audio(), "dialogue.audio");
    input.put("mode", "audio2video");
    Optional<String> audioUrl = inputs.url(audio);
    if (audioUrl.isPresent()) {
      input.put("audio_type", "url");
      input.put("audio_url", audioUrl.get());
    } else {
      input.put("audio_type", "file");
      input.put("audio_file", inputs.urlOrBase64(audio));
    }
  }

  private Optional<String> callbackUrl() {
    String secret = config.getWebhookSecret();
    if (secret == null || secret.isBlank()) {
      return Optional.empty();
    }
    return inputs.publicUrl().map(base -> base + "/api/webhooks/kling?token=" + ProviderCalls.urlEncode(secret));
  }

  private JobState succeeded(JsonNode task, GenerationRequest request) {
    JsonNode result = task.path("task_result");
    boolean image = request.kind() == GenerationKind.KEYFRAME;
    JsonNode output = (image ? result.path("images") : result.path("videos")).path(0);
    String url = output.path("url").asText("");
    if (url.isEmpty()) {
      return new JobState.Failed(ProviderError.JOB_FAILED,
          "Kling task " + task.path("task_id").asText() + " succeeded without an output URL");
    }
    BigDecimal cost = cost(task.path("final_unit_deduction").asText(""), request);
    if (image) {
      return JobState.Succeeded.url(URI.create(url), cost, null);
    }
    String videoId = output.path("id").asText("");
    return JobState.Succeeded.url(URI.create(url), cost, "video/mp4").withOutputVideoId(videoId.isEmpty() ? null : videoId);
  }

  /**
   * The rate card's charge for the units Kling deducted ({@link RateCard#charge}): the request's price, the same the
   * workflow reserved, when Kling deducted the declared units; the price when it names no deduction.
   */
  private BigDecimal cost(String deduction, GenerationRequest request) {
    BigDecimal units;
    try {
      units = deduction.isBlank() ? null : new BigDecimal(deduction.trim());
    } catch (NumberFormatException e) {
      units = null;
    }
    GenerationRequest asKling = request.withProvider(NAME);
    return units == null ? rateCard.price(asKling) : rateCard.charge(asKling, Billing.units(units));
  }

  private static ProviderException classified(KlingApiException e) {
    return new ProviderException(KlingErrors.classify(e.code, e.httpStatus), e.getMessage());
  }

  private static void putIfPresent(ObjectNode body, String field, String value) {
    if (value != null && !value.isBlank()) {
      body.put(field, value);
    }
  }

}
