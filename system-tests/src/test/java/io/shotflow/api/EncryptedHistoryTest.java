package io.shotflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.security.ApiTokens;
import io.shotflow.platform.temporal.codec.EncryptedPayloadCodec;
import io.shotflow.platform.temporal.codec.PayloadKey;
import io.shotflow.platform.temporal.codec.PayloadKeys;
import io.shotflow.temporal.WorkflowIds;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.History;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Workflow histories hold no prompt, spec text or review note in clear text: a storyboard runs to its first review,
 * is reviewed with a note, and its histories, read raw from Temporal, are searched for each of them. The codec
 * endpoints give the operator the clear text back, to admins only and only with the right key.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptedHistoryTest extends ApiTestSupport {

  private static final String UI_ORIGIN = "http://localhost:8233";
  private static final String TITLE = "Quartz-heron title";
  private static final String PROMPT = "Zebra-lantern camera move";
  private static final String FRAME_PROMPT = "Marmalade-obelisk on a pedestal";
  private static final String NOTE = "Vermilion-tapir review note";

  @Inject @Client("/") HttpClient http;
  @Inject ApiTokens tokens;
  @Inject ObjectMapper json;
  @Inject WorkflowClient temporal;

  @Override
  protected Map<String, String> extraProperties() {
    return Map.of("shotflow.temporal.codec.cors-origins", UI_ORIGIN + "/");
  }

  @Test
  void historiesHoldNoPromptSpecTextOrReviewNoteInClearText() throws Exception {
    HttpResponse<String> created = http.toBlocking().exchange(HttpRequest.POST("/api/storyboards", """
        {"title": "%s", "provider": "local", "review": {"keyframes": "required", "clips": "required"},
         "shots": [{"id": "only", "prompt": "%s", "duration": 5,
                    "start_frame": {"prompt": "%s"}}]}
        """.formatted(TITLE, PROMPT, FRAME_PROMPT)).contentType(MediaType.APPLICATION_JSON)
        .bearerAuth(tokens.tokenFor("producer")), String.class);
    String id = json.readTree(created.body()).path("id").asText();

    JsonNode pending = awaitPendingReview(id);
    http.toBlocking().exchange(HttpRequest.POST("/api/storyboards/" + id + "/reviews", Map.of(
        "subject", pending.path("subject").asText(), "take", pending.path("takes").get(0).asText(),
        "verdict", "approve", "note", NOTE)).bearerAuth(tokens.tokenFor("reviewer")), String.class);
    http.toBlocking().exchange(HttpRequest.POST("/api/storyboards/" + id + "/cancel", "")
        .bearerAuth(tokens.tokenFor("producer")), String.class);

    History storyboard = temporal.fetchHistory(WorkflowIds.storyboard(id)).getHistory();
    History shot = temporal.fetchHistory(WorkflowIds.shot(id, "only")).getHistory();
    for (History history : List.of(storyboard, shot)) {
      String raw = history.toByteString().toString(StandardCharsets.ISO_8859_1);
      for (String secret : List.of(TITLE, PROMPT, FRAME_PROMPT, NOTE, "Quartz", "Zebra", "Marmalade", "Vermilion")) {
        assertFalse(raw.contains(secret), "a history holds \"" + secret + "\" in clear text");
      }
      assertTrue(raw.contains(EncryptedPayloadCodec.ENCODING), "the history's payloads are encrypted");
    }
    List<String> plain = new java.util.ArrayList<>();
    unencryptedPayloads(storyboard, "", plain);
    unencryptedPayloads(shot, "", plain);
    assertEquals(List.of(), plain, "payloads outside search attributes that are not encrypted");

    // the review went into the shot's history; the codec endpoint gives an admin the note back
    String decoded = decode(shot, tokens.tokenFor("admin"));
    assertTrue(decoded.contains(NOTE), "the codec endpoint decodes the review note");
    assertTrue(decode(storyboard, tokens.tokenFor("admin")).contains(PROMPT), "the storyboard's input decodes");
  }

  @Test
  void theCodecEndpointsRoundTripForAdminsOnlyAndAnswerTheUiOrigin() throws Exception {
    Payload plain = DefaultDataConverter.STANDARD_INSTANCE.toPayload(Map.of("prompt", PROMPT)).orElseThrow();
    String body = JsonFormat.printer().print(Payloads.newBuilder().addPayloads(plain).build());

    HttpResponse<String> encodedResponse = http.toBlocking().exchange(HttpRequest.POST("/codec/encode", body)
        .contentType(MediaType.APPLICATION_JSON).header("Origin", UI_ORIGIN).header("X-Namespace", "default")
        .bearerAuth(tokens.tokenFor("admin")), String.class);
    assertEquals(UI_ORIGIN, encodedResponse.header("Access-Control-Allow-Origin"));
    Payloads.Builder encoded = Payloads.newBuilder();
    JsonFormat.parser().merge(encodedResponse.body(), encoded);
    assertTrue(EncryptedPayloadCodec.isEncrypted(encoded.getPayloads(0)));
    assertFalse(encodedResponse.body().contains(PROMPT));

    String decoded = http.toBlocking().retrieve(HttpRequest.POST("/codec/decode", encodedResponse.body())
        .contentType(MediaType.APPLICATION_JSON).bearerAuth(tokens.tokenFor("admin")), String.class);
    Payloads.Builder back = Payloads.newBuilder();
    JsonFormat.parser().merge(decoded, back);
    assertEquals(plain, back.getPayloads(0));

    HttpClientResponseException reviewer = assertThrows(HttpClientResponseException.class,
        () -> http.toBlocking().exchange(HttpRequest.POST("/codec/decode", encodedResponse.body())
            .contentType(MediaType.APPLICATION_JSON).bearerAuth(tokens.tokenFor("reviewer")), String.class));
    assertEquals(HttpStatus.FORBIDDEN, reviewer.getStatus());
    HttpClientResponseException anonymous = assertThrows(HttpClientResponseException.class,
        () -> http.toBlocking().exchange(HttpRequest.POST("/codec/decode", encodedResponse.body())
            .contentType(MediaType.APPLICATION_JSON).header("Origin", UI_ORIGIN), String.class));
    assertEquals(HttpStatus.UNAUTHORIZED, anonymous.getStatus());
    assertEquals(UI_ORIGIN, anonymous.getResponse().header("Access-Control-Allow-Origin"),
        "the UI can read the refusal");

    HttpResponse<String> preflight = http.toBlocking().exchange(HttpRequest.OPTIONS("/codec/decode")
        .header("Origin", UI_ORIGIN).header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type,x-namespace"), String.class);
    assertEquals(HttpStatus.OK, preflight.getStatus());
    assertEquals(UI_ORIGIN, preflight.header("Access-Control-Allow-Origin"));
    assertEquals("true", preflight.header("Access-Control-Allow-Credentials"));
    HttpClientResponseException otherOrigin = assertThrows(HttpClientResponseException.class,
        () -> http.toBlocking().exchange(HttpRequest.OPTIONS("/codec/decode").header("Origin", "http://evil.test")
            .header("Access-Control-Request-Method", "POST"), String.class));
    assertEquals(HttpStatus.FORBIDDEN, otherOrigin.getStatus());
  }

  @Test
  void aPayloadEncryptedWithAnotherKeyIsRefusedNamingItsKey() throws Exception {
    PayloadKey other = PayloadKey.fromBase64(PayloadKey.generateBase64(), "other key");
    Payload foreign = new EncryptedPayloadCodec(new PayloadKeys(other, List.of(), "test"))
        .encode(List.of(DefaultDataConverter.STANDARD_INSTANCE.toPayload(PROMPT).orElseThrow())).get(0);
    String body = JsonFormat.printer().print(Payloads.newBuilder().addPayloads(foreign).build());

    HttpClientResponseException refused = assertThrows(HttpClientResponseException.class,
        () -> http.toBlocking().exchange(HttpRequest.POST("/codec/decode", body)
            .contentType(MediaType.APPLICATION_JSON).bearerAuth(tokens.tokenFor("admin")), String.class));
    assertEquals(HttpStatus.BAD_REQUEST, refused.getStatus());
    String problem = refused.getResponse().getBody(String.class).orElse("");
    assertTrue(problem.contains("encrypted with key " + other.id()), problem);
    assertTrue(problem.contains("not among the configured keys"), problem);

    HttpClientResponseException garbage = assertThrows(HttpClientResponseException.class,
        () -> http.toBlocking().exchange(HttpRequest.POST("/codec/decode", "{\"payloads\": 3}")
            .contentType(MediaType.APPLICATION_JSON).bearerAuth(tokens.tokenFor("admin")), String.class));
    assertEquals(HttpStatus.BAD_REQUEST, garbage.getStatus());
  }

  /** Every payload of {@code history}'s events, decoded through {@code POST /codec/decode}, as one JSON text. */
  private String decode(History history, String token) throws Exception {
    Payloads.Builder all = Payloads.newBuilder();
    collectPayloads(history, all);
    String body = JsonFormat.printer().print(all.build());
    String decoded = http.toBlocking().retrieve(HttpRequest.POST("/codec/decode", body)
        .contentType(MediaType.APPLICATION_JSON).bearerAuth(token), String.class);
    Payloads.Builder out = Payloads.newBuilder();
    JsonFormat.parser().merge(decoded, out);
    StringBuilder text = new StringBuilder();
    out.getPayloadsList().forEach(p -> text.append(p.getData().toStringUtf8()).append('\n'));
    return text.toString();
  }

  /** Every encrypted payload anywhere in a message, found by walking its fields. */
  private static void collectPayloads(com.google.protobuf.Message message, Payloads.Builder into) {
    if (message instanceof Payload p) {
      if (EncryptedPayloadCodec.isEncrypted(p)) {
        into.addPayloads(p);
      }
      return;
    }
    message.getAllFields().forEach((field, value) -> {
      if (value instanceof com.google.protobuf.Message m) {
        collectPayloads(m, into);
      } else if (value instanceof List<?> list) {
        list.stream().filter(com.google.protobuf.Message.class::isInstance)
            .forEach(v -> collectPayloads((com.google.protobuf.Message) v, into));
      }
    });
  }

  /** The SDK's own bookkeeping in a local activity's marker (its id, attempt, time, type), written without the codec. */
  private static final java.util.regex.Pattern LOCAL_ACTIVITY_BOOKKEEPING =
      java.util.regex.Pattern.compile(".*/marker_recorded_event_attributes/details\\[(activityId|meta|time|type)].*");

  /**
   * The field paths of payloads that are not encrypted, except in search attributes (Temporal indexes those) and the
   * SDK's local-activity bookkeeping; a local activity's result is encrypted like any other.
   */
  private static void unencryptedPayloads(com.google.protobuf.Message message, String path, List<String> into) {
    if (message instanceof Payload p) {
      if (!EncryptedPayloadCodec.isEncrypted(p) && !LOCAL_ACTIVITY_BOOKKEEPING.matcher(path).matches()) {
        into.add(path + " = " + p.getData().toStringUtf8());
      }
      return;
    }
    var key = message.getDescriptorForType().findFieldByName("key");
    String entry = key != null && message.getDescriptorForType().getOptions().getMapEntry()
        ? "[" + message.getField(key) + "]" : "";
    message.getAllFields().forEach((field, value) -> {
      String at = path + entry + "/" + field.getName();
      if (field.getName().equals("search_attributes")) {
        return;
      }
      if (value instanceof com.google.protobuf.Message m) {
        unencryptedPayloads(m, at, into);
      } else if (value instanceof List<?> list) {
        list.stream().filter(com.google.protobuf.Message.class::isInstance)
            .forEach(v -> unencryptedPayloads((com.google.protobuf.Message) v, at, into));
      }
    });
  }

  private JsonNode awaitPendingReview(String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = json.readTree(http.toBlocking().retrieve(HttpRequest.GET("/api/storyboards/" + id)
          .bearerAuth(tokens.tokenFor("reviewer")), String.class));
      for (JsonNode pending : status.path("pending_reviews")) {
        if (!pending.path("takes").isEmpty()) {
          return pending;
        }
      }
      Thread.sleep(300);
    }
    fail("storyboard " + id + " never waited for a review");
    return null;
  }
}
