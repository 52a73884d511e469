package io.shotflow.activities.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.provider.ProviderError;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * One provider's HTTP API as the adapters that authenticate with an API key (fal, WaveSpeed, Replicate, Sync.so) call
 * it: the base URL, the key in the provider's header, JSON in and out, and a refused call read through the provider's
 * {@link ErrorTable} into a {@link ProviderException} that carries the provider's {@code Retry-After}. A submit's
 * failures are classified by the provider's {@link SubmitRules.Rule}; any other call's failure is retryable.
 */
public final class ProviderClient {

  /**
   * How one provider's refusals read: the status an answer is classified by, the provider's own words for a refusal
   * (quoted in the message) and their classification.
   */
  public interface ErrorTable {

    /** The status an answer is classified by: the HTTP status, unless the body carries the provider's own. */
    default int status(int httpStatus, JsonNode body) {
      return httpStatus;
    }

    /** The refusal's words from its body (null when it was empty or not JSON); empty when it gives none. */
    String detail(JsonNode body);

    ProviderError classify(int status, String detail);
  }

  private final ProviderSettings config;
  private final ProviderHttp http;
  private final ObjectMapper json;
  private final String label;
  private final String authHeader;
  private final String authValue;
  private final ErrorTable errors;
  private final Clock clock;
  private final String base;

  /**
   * {@code label} names the provider in messages; every call carries {@code authHeader: authPrefix<api-key>}. The
   * provider's {@code api-key} is required.
   */
  public ProviderClient(ProviderSettings config, ProviderHttp http, ObjectMapper json, String label,
      String authHeader, String authPrefix, ErrorTable errors, Clock clock) {
    if (config.getApiKey() == null || config.getApiKey().isBlank()) {
      throw new IllegalArgumentException(config.key("api-key") + " is required");
    }
    this.config = config;
    this.http = http;
    this.json = json;
    this.label = label;
    this.authHeader = authHeader;
    this.authValue = authPrefix + config.getApiKey();
    this.errors = errors;
    this.clock = clock;
    this.base = config.baseUrlText();
  }

  /** The base URL without a trailing slash. */
  public String base() {
    return base;
  }

  public ObjectMapper json() {
    return json;
  }

  /** The provider's name in messages ({@code fal}, {@code WaveSpeed}, {@code Replicate}, {@code Sync.so}). */
  public String label() {
    return label;
  }

  /** A POST of {@code body} as JSON to {@code url}; the caller may add headers before sending it. */
  public HttpRequest.Builder jsonPost(String url, Object body) {
    try {
      return HttpRequest.newBuilder(URI.create(url))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the " + label + " request", e);
    }
  }

  /** Sends a submit; a call that fails is classified by {@code rule} (nothing sent, or maybe accepted). */
  public HttpResponse<byte[]> submit(HttpRequest.Builder request, SubmitRules.Rule rule, String model) {
    try {
      return send(request);
    } catch (IOException e) {
      throw rule.sendFailed(model, e);
    }
  }

  /** A GET of {@code url}; a call that fails is retryable. {@code what} names it in messages. */
  public HttpResponse<byte[]> get(String url, String what) {
    try {
      return send(HttpRequest.newBuilder(URI.create(url)).GET());
    } catch (IOException e) {
      throw new ProviderException(ProviderError.TRANSIENT, what + " call failed: " + e.getMessage());
    }
  }

  /** A GET of {@code url} answered with JSON; a refusal or an answer that is not JSON fails. */
  public JsonNode getJson(String url, String what) {
    HttpResponse<byte[]> response = get(url, what);
    JsonNode body = parse(response);
    if (isRefusal(response, body)) {
      throw refused(what, response, body);
    }
    if (body == null) {
      throw new ProviderException(ProviderError.TRANSIENT, what + " is not JSON");
    }
    return body;
  }

  /** The call with the provider's credentials, within its {@code request-timeout}. */
  public HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException {
    return http.call(config, request.header(authHeader, authValue));
  }

  /** The answer's body as JSON; null when it is empty or not JSON. */
  public JsonNode parse(HttpResponse<byte[]> response) {
    return ProviderCalls.parseJson(json, response.body());
  }

  /** Whether an answer (with its {@code body} as JSON) is a refusal: its status, by the error table, is not 2xx. */
  public boolean isRefusal(HttpResponse<byte[]> response, JsonNode body) {
    return errors.status(response.statusCode(), body) / 100 != 2;
  }

  public ProviderException refused(String what, HttpResponse<byte[]> response) {
    return refused(what, response, parse(response));
  }

  /**
   * A refused call, classified by the error table: {@code what (HTTP 429): detail}, with the status the table read
   * when it differs from the HTTP status ({@code (HTTP 200, code 400)}), and the provider's {@code Retry-After}.
   */
  public ProviderException refused(String what, HttpResponse<byte[]> response, JsonNode body) {
    int httpStatus = response.statusCode();
    int status = errors.status(httpStatus, body);
    String detail = errors.detail(body);
    return new ProviderException(errors.classify(status, detail),
        what + " (HTTP " + httpStatus + (status != httpStatus ? ", code " + status : "") + ")"
            + (detail.isEmpty() ? "" : ": " + detail),
        retryAfter(response));
  }

  /** A refused submit: maybe accepted unless {@code rule} says the status proves nothing was created. */
  public ProviderException submitRefused(SubmitRules.Rule rule, String what, HttpResponse<byte[]> response,
      JsonNode body) {
    ProviderException refused = refused(what, response, body);
    return rule.refused(refused.error(), errors.status(response.statusCode(), body), refused.getMessage(),
        refused.retryAfter());
  }

  /** The answer's {@code Retry-After} as a delay; null when it gave none. */
  public Duration retryAfter(HttpResponse<byte[]> response) {
    return RetryAfter.parse(response.headers().firstValue("Retry-After"), clock).orElse(null);
  }

  /**
   * The classification every provider shares for a refused call's HTTP status: 401/403 unauthorized, 429 throttled,
   * 5xx transient, any other refusal invalid. Each provider's table starts from it.
   */
  public static ProviderError byStatus(int status) {
    return switch (status) {
      case 401, 403 -> ProviderError.UNAUTHORIZED;
      case 429 -> ProviderError.RATE_LIMITED;
      default -> status >= 500 ? ProviderError.TRANSIENT : ProviderError.INVALID_REQUEST;
    };
  }

  /**
   * A job that finished with its output at {@code url}; one that finished without an output ({@code url} empty) failed,
   * as {@code missing} says.
   */
  public static JobState output(String url, BigDecimal cost, String contentType, String missing) {
    return url.isEmpty() ? new JobState.Failed(ProviderError.JOB_FAILED, missing)
        : JobState.Succeeded.url(URI.create(url), cost, contentType);
  }

  /** A job in a status the adapter does not know: looked at again. */
  public static ProviderException unknownStatus(String what, String status) {
    return new ProviderException(ProviderError.TRANSIENT, what + " has an unknown status '" + status + "'");
  }
}
