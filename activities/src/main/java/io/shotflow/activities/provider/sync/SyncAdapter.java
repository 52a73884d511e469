package io.shotflow.activities.provider.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.shotflow.media.AssetRef;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.activities.provider.JobState;
import io.shotflow.activities.provider.ProviderAdapter;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.Billing;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Locale;

/**
 * Sync.so's v2 lip-sync (docs/providers.md §5.1), its only kind of job: {@code POST /v2/generate} with the video and the audio
 * as URLs (Sync takes no inline data, so a public URL is required), then {@code GET /v2/generate/{id}} until it is
 * {@code COMPLETED}, {@code FAILED} or {@code REJECTED}. A 429 is back-pressure from the account's concurrency, retried
 * (after {@code Retry-After} when Sync sends one). The cost of a take is the rate card's Sync price for its
 * {@code outputDuration} (Sync bills per second of output).
 *
 * <p>Every submit carries an {@code Idempotency-Key} derived from the request's idempotency key, with URLs signed stably
 * so the body is the same when sent again: a submit that may have been accepted fails
 * {@link ProviderException#maybeAccepted}, and {@link #findSubmitted} sends it again under the key, which finds the
 * generation instead of paying twice ({@link SubmitRules#SYNC}).
 */
@Singleton
@Requires(property = "shotflow.providers.sync.api-key")
public class SyncAdapter implements ProviderAdapter {

  public static final String NAME = ProviderCatalog.SYNC;

  private final ProviderSettings config;
  private final ProviderInputs inputs;
  private final RateCard rateCard;
  private final ProviderClient client;
  private final ObjectMapper json;

  /** An adapter that charges the catalog's prices. */
  public SyncAdapter(ProviderSettings config, ProviderInputs inputs, ProviderHttp http, ObjectMapper json) {
    this(config, inputs, RateCard.defaults(), http, json);
  }

  @Inject
  public SyncAdapter(ProviderSettingsRegistry settings, ProviderInputs inputs, RateCard rateCard, ProviderHttp http,
      ObjectMapper json) {
    this(settings.get(NAME), inputs, rateCard, http, json);
  }

  public SyncAdapter(ProviderSettings config, ProviderInputs inputs, RateCard rateCard, ProviderHttp http,
      ObjectMapper json) {
    this.client = new ProviderClient(config, http, json, "Sync.so", "x-api-key", "", SyncErrors.TABLE,
        Clock.systemUTC());
    this.config = config;
    this.inputs = inputs;
    this.rateCard = rateCard;
    this.json = json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String submit(GenerationRequest request) {
    HttpResponse<byte[]> response = generate(request);
    JsonNode answer = client.parse(response);
    if (client.isRefusal(response, answer)) {
      ProviderException refused = client.submitRefused(SubmitRules.SYNC, "Sync.so refused the generation", response,
          answer);
      throw keyInUse(response) ? ProviderException.maybeAccepted(refused.error(), refused.getMessage()
          + " (an earlier send under this Idempotency-Key was received)", refused.retryAfter())
          : refused;
    }
    return generationId(response).orElseThrow(() -> SubmitRules.SYNC.unreadable(config.getModel(), response.statusCode()));
  }

  /**
   * The same request sent again under the same {@code Idempotency-Key}: Sync answers with the generation the key
   * created, or creates it now, once (docs/providers.md §5.1, §12). A key still being handled, an outcome Sync calls
   * unknown without a generation id, or a failed call is looked at again on the next attempt; a key Sync says belongs
   * to a different body cannot be settled here [I: the conflict's status and code were not captured].
   */
  @Override
  public SubmitLookup findSubmitted(GenerationRequest request, Instant sentAt) {
    HttpResponse<byte[]> response;
    try {
      response = generate(request);
    } catch (ProviderException e) {
      throw SubmitRules.SYNC.lookupFailed(e);
    }
    Optional<String> id = generationId(response);
    if (id.isPresent()) {
      return new SubmitLookup.Found(id.get());
    }
    String text = new String(response.body() == null ? new byte[0] : response.body(), StandardCharsets.UTF_8)
        .toUpperCase(Locale.ROOT);
    if (response.statusCode() == 422 || text.contains("IDEMPOTENCY_KEY_REUSED") || text.contains("MISMATCH")) {
      return new SubmitLookup.Unknown("Sync.so holds Idempotency-Key " + idempotencyKey(request)
          + " for a different request body: " + abbreviate(text));
    }
    throw SubmitRules.SYNC.lookupFailed(response.statusCode() / 100 == 2
        ? new ProviderException(ProviderError.TRANSIENT, "Sync.so answered the keyed resend with HTTP "
            + response.statusCode() + " but no generation id")
        : client.refused("Sync.so keyed resend", response));
  }

  /** Builds and sends the generate call under the request's idempotency key. */
  private HttpResponse<byte[]> generate(GenerationRequest request) {
    if (request.kind() != GenerationKind.LIP_SYNC) {
      throw new ProviderException(ProviderError.INVALID_REQUEST, "provider: Sync.so only lip-syncs; a "
          + request.kind().name().toLowerCase(Locale.ROOT) + " needs a video provider");
    }
    ObjectNode body = json.createObjectNode();
    body.put("model", config.getModel());
    ArrayNode input = body.putArray("input");
    input.addObject().put("type", "video").put("url", url(ProviderCalls.required("Sync.so", request.sourceVideo(), "source_video")));
    input.addObject().put("type", "audio").put("url", url(ProviderCalls.required("Sync.so", request.audio(), "dialogue.audio")));
    body.putObject("options").put("sync_mode", "cut_off");
    inputs.publicUrl().ifPresent(url -> body.put("webhookUrl", url + "/api/webhooks/" + NAME));
    return client.submit(client.jsonPost(client.base() + "/v2/generate", body)
        .header("Idempotency-Key", idempotencyKey(request)), SubmitRules.SYNC, config.getModel());
  }

  /**
   * Sync's {@code Idempotency-Key} for a request: {@code sf-} and the first 32 hex digits of the SHA-256 of Shotflow's
   * idempotency key, within Sync's 1–128 characters of {@code [A-Za-z0-9._~-]}.
   */
  static String idempotencyKey(GenerationRequest request) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(request.idempotencyKey().getBytes(StandardCharsets.UTF_8));
      return "sf-" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private Optional<String> generationId(HttpResponse<byte[]> response) {
    if (response.statusCode() / 100 != 2) {
      return Optional.empty();
    }
    JsonNode generation = client.parse(response);
    String id = generation == null ? "" : generation.path("id").asText(generation.path("generationId").asText(""));
    return id.isEmpty() ? Optional.empty() : Optional.of(id);
  }

  /**
   * A refusal that says an earlier send under this key was received: a 409 (the key is still being handled) or an
   * idempotency error other than a malformed key [I: the codes beyond INVALID_IDEMPOTENCY_KEY were not captured].
   */
  private static boolean keyInUse(HttpResponse<byte[]> response) {
    String text = new String(response.body() == null ? new byte[0] : response.body(), StandardCharsets.UTF_8)
        .toUpperCase(Locale.ROOT);
    return response.statusCode() == 409
        || text.contains("IDEMPOTENCY") && !text.contains("INVALID_IDEMPOTENCY_KEY");
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  @Override
  public JobState poll(ProviderJob job, GenerationRequest request) {
    String what = "Sync.so generation " + job.jobId();
    JsonNode generation = client.getJson(client.base() + "/v2/generate/" + ProviderCalls.urlEncode(job.jobId()), what);
    String status = generation.path("status").asText("");
    String error = generation.path("error").asText("");
    String errorCode = generation.path("errorCode").asText(generation.path("error_code").asText(""));
    String reason = (error.isEmpty() ? "no reason given" : error) + (errorCode.isEmpty() ? "" : " (" + errorCode + ")");
    return switch (status) {
      case "PENDING", "PROCESSING" -> new JobState.Running();
      case "COMPLETED" -> {
        String url = generation.path("outputUrl").asText("");
        yield ProviderClient.output(url, cost(generation.path("outputDuration"), request), "video/mp4",
            what + " completed without an outputUrl");
      }
      case "FAILED" -> new JobState.Failed(ProviderError.JOB_FAILED, what + " failed: " + reason);
      case "REJECTED" -> new JobState.Failed(SyncErrors.rejected(errorCode, error), what + " was rejected: " + reason);
      default -> throw ProviderClient.unknownStatus(what, status);
    };
  }

  /** The rate card's charge for the started seconds of output; the request's price when Sync does not say. */
  private BigDecimal cost(JsonNode outputDuration, GenerationRequest request) {
    return rateCard.charge(request.withProvider(NAME),
        outputDuration.isNumber() ? Billing.outputSeconds(outputDuration.asDouble()) : Billing.AS_REQUESTED);
  }

  /** A stable signed URL: a resend under the same idempotency key must carry the same body. */
  private String url(AssetRef asset) {
    return inputs.stableUrl(asset).orElseThrow(() -> new ProviderException(ProviderError.INVALID_REQUEST,
        "lip_sync: Sync.so fetches the video and the audio by URL and takes no inline data; set shotflow.public-url to "
            + "an address Sync.so can reach"));
  }

}
