package io.shotflow.activities.provider.kling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shotflow.platform.provider.ProviderHttp;
import io.shotflow.platform.provider.ProviderSettings;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Kling's HTTP layer: bearer JWT on every call, the {@code code/message/data} envelope, and one retry with a fresh
 * token when Kling rejects the token (401 / 1000–1004). Returns {@code data}; an error envelope is a
 * {@link KlingApiException}; an answer that is not the envelope is a {@link MalformedAnswerException}; network
 * failures are the {@link IOException}s of {@link ProviderHttp}.
 */
final class KlingClient {

  /** The answer was not Kling's JSON envelope. */
  static final class MalformedAnswerException extends IOException {
    MalformedAnswerException(String message) {
      super(message);
    }
  }

  private final ProviderSettings settings;
  private final KlingTokens tokens;
  private final ProviderHttp http;
  private final ObjectMapper json;

  KlingClient(ProviderSettings settings, KlingTokens tokens, ProviderHttp http, ObjectMapper json) {
    this.settings = settings;
    this.tokens = tokens;
    this.http = http;
    this.json = json;
  }

  JsonNode post(String path, JsonNode body) throws IOException, KlingApiException {
    byte[] bytes = json.writeValueAsBytes(body);
    return call(path, () -> HttpRequest.BodyPublishers.ofByteArray(bytes), "POST");
  }

  JsonNode get(String path) throws IOException, KlingApiException {
    return call(path, HttpRequest.BodyPublishers::noBody, "GET");
  }

  private interface Body {
    HttpRequest.BodyPublisher publisher();
  }

  private JsonNode call(String path, Body body, String method) throws IOException, KlingApiException {
    try {
      return once(path, body, method);
    } catch (KlingApiException e) {
      if (!KlingErrors.isAuthentication(e.code)) {
        throw e;
      }
      tokens.invalidate();
      return once(path, body, method);
    }
  }

  private JsonNode once(String path, Body body, String method) throws IOException, KlingApiException {
    HttpResponse<byte[]> response = http.call(settings, HttpRequest.newBuilder(settings.getBaseUrl().resolve(path))
        .header("Authorization", "Bearer " + tokens.current())
        .header("Content-Type", "application/json")
        .method(method, body.publisher()));
    JsonNode envelope;
    try {
      envelope = json.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new MalformedAnswerException("Kling answered HTTP " + response.statusCode() + " with a body that is not JSON");
    }
    if (envelope == null || !envelope.has("code")) {
      throw new MalformedAnswerException("Kling answered HTTP " + response.statusCode() + " without a code");
    }
    int code = envelope.path("code").asInt();
    if (code != 0) {
      throw new KlingApiException(response.statusCode(), code, envelope.path("message").asText(""));
    }
    if (response.statusCode() / 100 != 2 || !envelope.path("data").isObject()) {
      throw new MalformedAnswerException("Kling answered HTTP " + response.statusCode() + " with code 0 but no data");
    }
    return envelope.path("data");
  }
}
