package io.shotflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.security.ApiTokens;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile input against the running API: each is refused with a 4xx naming the field (or the body) before any work
 * starts, nothing is created ({@code GET /api/storyboards} is unchanged), and the process stays healthy. Bodies over a
 * route's limit are refused on their declared length, before the rest of the body is even sent.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest extends ApiTestSupport {

  private static final String SHOT = "{\"id\": \"reveal\", \"prompt\": \"Camera pushes in\", "
      + "\"start_frame\": {\"prompt\": \"A closed box\"}}";
  private static final int MIB = 1024 * 1024;
  private static final String WAVESPEED_SECRET = "whsec_wavespeed-fuzz";
  private static final String REPLICATE_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
      "replicate-fuzz-key".getBytes(StandardCharsets.UTF_8));
  private static final String SYNC_SECRET = "whsec_sync-fuzz";

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  EmbeddedServer server;

  @Inject
  ApiTokens tokens;

  @Inject
  ObjectMapper json;

  /** A running storyboard waiting for its keyframe review, for the review and budget routes. */
  private String storyboard;

  @Override
  protected Map<String, String> extraProperties() {
    Map<String, String> props = new HashMap<>();
    props.put("shotflow.providers.kling.webhook-secret", "hook-secret");
    props.put("shotflow.providers.wavespeed.webhook-secret", WAVESPEED_SECRET);
    props.put("shotflow.providers.replicate.webhook-secret", REPLICATE_SECRET);
    props.put("shotflow.providers.sync.webhook-secret", SYNC_SECRET);
    // fal's keys are fetched from its JWKS address: a closed port here, so no fuzzed delivery reaches the internet
    props.put("shotflow.providers.fal.jwks-url", "http://127.0.0.1:" + freePort() + "/jwks");
    return props;
  }

  @BeforeAll
  void startAStoryboard() throws Exception {
    HttpResponse<String> created = post("/api/storyboards", "{\"title\": \"Target\", \"shots\": [" + SHOT + "]}",
        MediaType.APPLICATION_JSON, "producer");
    storyboard = json.readTree(created.body()).path("id").asText();
  }

  @AfterEach
  void staysHealthy() throws Exception {
    JsonNode health = json.readTree(http.toBlocking().retrieve(HttpRequest.GET("/health"), String.class));
    assertEquals("UP", health.path("status").asText(), health.toString());
  }

  private HttpResponse<String> post(String path, Object body, String contentType, String role) {
    return http.toBlocking().exchange(HttpRequest.POST(path, body).contentType(contentType)
        .bearerAuth(tokens.tokenFor(role)), String.class);
  }

  /** The ids {@code GET /api/storyboards} lists (their states move on; what is created is what counts). */
  private List<String> storyboards() throws IOException {
    JsonNode list = json.readTree(http.toBlocking().retrieve(
        HttpRequest.GET("/api/storyboards").bearerAuth(tokens.tokenFor("admin"))));
    return StreamSupport.stream(list.spliterator(), false).map(s -> s.path("id").asText()).toList();
  }

  /** Posts a spec that must be refused with {@code status}, creating nothing; returns the problem document. */
  private JsonNode refusedSpec(byte[] body, String contentType, HttpStatus status) throws Exception {
    List<String> before = storyboards();
    HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
        () -> post("/api/storyboards", body, contentType, "producer"));
    assertEquals(status, e.getStatus(), e.getResponse().getBody(String.class).orElse(""));
    assertTrue(e.getResponse().getContentType().orElseThrow().toString().contains("problem+json"));
    assertEquals(before, storyboards(), "a refused spec must create nothing");
    return json.readTree(e.getResponse().getBody(String.class).orElseThrow());
  }

  private JsonNode refusedSpec(String body) throws Exception {
    return refusedSpec(body.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON, HttpStatus.BAD_REQUEST);
  }

  private static List<String> fields(JsonNode problem) {
    return StreamSupport.stream(problem.path("errors").spliterator(), false).map(e -> e.path("field").asText()).toList();
  }

  private static String messages(JsonNode problem) {
    return problem.path("errors").toString();
  }

  /** Without shotflow.inputs.allow-private-networks, a URL to this machine or a private network is never fetched. */
  @Test
  void specUrlsToLoopbackPrivateOrLinkLocalHostsAreRefusedBeforeAnyDownload() throws Exception {
    java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    com.sun.net.httpserver.HttpServer local = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    local.createContext("/", ex -> {
      requests.incrementAndGet();
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    local.start();
    try {
      String loopback = "http://127.0.0.1:" + local.getAddress().getPort() + "/frame.png";
      JsonNode problem = refusedSpec(("{\"title\": \"Doors\", \"shots\": ["
          + "{\"id\": \"a\", \"prompt\": \"p\", \"start_frame\": {\"image\": \"" + loopback + "\"}},"
          + "{\"id\": \"b\", \"prompt\": \"p\", \"start_frame\": {\"image\": \"http://10.1.2.3/x.png\"}},"
          + "{\"id\": \"c\", \"prompt\": \"p\", \"start_frame\": "
          + "{\"image\": \"http://169.254.169.254/latest/meta-data.png\"}},"
          + "{\"id\": \"d\", \"prompt\": \"p\", \"start_frame\": {\"image\": \"http://[::1]/x.png\"}}]}")
          .getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON, HttpStatus.BAD_REQUEST);
      assertEquals(List.of("shots[0].start_frame.image", "shots[1].start_frame.image", "shots[2].start_frame.image",
          "shots[3].start_frame.image"), fields(problem), messages(problem));
      String messages = messages(problem);
      assertTrue(messages.contains("resolves to 127.0.0.1, a loopback address"), messages);
      assertTrue(messages.contains("resolves to 10.1.2.3, a private address"), messages);
      assertTrue(messages.contains("resolves to 169.254.169.254, a link-local address"), messages);
      assertTrue(messages.contains("shotflow.inputs.allow-private-networks"), messages);
      assertEquals(0, requests.get(), "nothing was fetched");
    } finally {
      local.stop(0);
    }
  }

  @Test
  void aBudgetOutsideItsColumnIsNamed() throws Exception {
    JsonNode problem = refusedSpec("{\"title\": \"t\", \"budget_usd\": 1e11, \"shots\": [" + SHOT + "]}");
    assertEquals(List.of("budget_usd"), fields(problem));
    assertTrue(messages(problem).contains("99999999.9999"), messages(problem));
  }

  @Test
  void aNumberWithAHugeExponentIsRefusedWithoutWritingItOut() {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      JsonNode problem = refusedSpec("{\"title\": \"t\", \"budget_usd\": 1e999999999, \"shots\": [" + SHOT + "]}");
      assertEquals(List.of("budget_usd"), fields(problem));
      String speech = "{\"title\": \"t\", \"provider\": \"kling\", \"budget_usd\": 10, \"shots\": [{\"id\": \"a\", "
          + "\"prompt\": \"p\", \"start_frame\": {\"prompt\": \"x\"}, \"dialogue\": {\"text\": \"hi\", "
          + "\"voice_id\": \"en_AOT\", \"voice_speed\": -1e999999999}}]}";
      assertEquals(List.of("shots[0].dialogue.voice_speed"), fields(refusedSpec(speech)));
    });
  }

  @Test
  void aTitleLongerThanItsColumnIsNamed() throws Exception {
    JsonNode problem = refusedSpec("{\"title\": \"" + "t".repeat(600) + "\", \"shots\": [" + SHOT + "]}");
    assertEquals(List.of("title"), fields(problem));
    assertTrue(messages(problem).contains("at most 500 characters, not 600"), messages(problem));
  }

  @Test
  void textThatNoDatabaseCanStoreIsNamed() throws Exception {
    assertEquals(List.of("title"), fields(refusedSpec("{\"title\": \"a\\u0000b\", \"shots\": [" + SHOT + "]}")));
    assertEquals(List.of("shots[0].prompt"), fields(refusedSpec("{\"title\": \"t\", \"shots\": [{\"id\": \"a\", "
        + "\"prompt\": \"half \\ud800 pair\", \"start_frame\": {\"prompt\": \"x\"}}]}")));
  }

  @Test
  void aSpecThatIsNotUtf8IsRefusedNotMangled() throws Exception {
    byte[] latin1 = ("{\"title\": \"Caf\u00e9\", \"shots\": [" + SHOT + "]}").getBytes(StandardCharsets.ISO_8859_1);
    JsonNode problem = refusedSpec(latin1, MediaType.APPLICATION_JSON, HttpStatus.BAD_REQUEST);
    assertTrue(messages(problem).contains("not valid UTF-8 (a malformed byte sequence at byte 14)"), messages(problem));
    byte[] utf8 = ("{\"title\": \"Caf\u00e9\", \"shots\": [" + SHOT + "]}").getBytes(StandardCharsets.UTF_8);
    problem = refusedSpec(utf8, "application/json; charset=ISO-8859-1", HttpStatus.BAD_REQUEST);
    assertTrue(messages(problem).contains("must be sent as UTF-8, not charset=ISO-8859-1"), messages(problem));
  }

  @Test
  void aPromptLongerThanTheModelTakesIsNamedWithItsShot() throws Exception {
    JsonNode problem = refusedSpec("{\"title\": \"t\", \"provider\": \"kling\", \"budget_usd\": 10, \"shots\": [{"
        + "\"id\": \"long\", \"prompt\": \"" + "p".repeat(3000) + "\", \"start_frame\": {\"prompt\": \"x\"}}]}");
    assertEquals(List.of("shots[0].prompt"), fields(problem));
    assertEquals("long", problem.path("errors").path(0).path("shot").asText());
    assertTrue(messages(problem).contains("at most 2500 characters for kling kling-v2.1 pro, not 3000"),
        messages(problem));
  }

  @Test
  void aSpecOverItsRouteLimitIsRefusedWhetherItsLengthIsDeclaredOrNot() throws Exception {
    String padded = "{\"title\": \"t\", \"shots\": [" + SHOT + "], \"pad\": \"" + "x".repeat(MIB) + "\"}";
    // declared: refused on the header
    refusedSpec(padded.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON, HttpStatus.REQUEST_ENTITY_TOO_LARGE);
    // chunked: refused once the first byte past the limit is read
    List<String> before = storyboards();
    Response chunked = rawPost("/api/storyboards", "producer", MediaType.APPLICATION_JSON, -1,
        padded.getBytes(StandardCharsets.UTF_8));
    assertEquals(413, chunked.status(), chunked.body());
    assertEquals(before, storyboards());
  }

  @Test
  void aWebhookDeclaringAHugeBodyIsRefusedBeforeItIsSent() throws Exception {
    Response response = rawPost("/api/webhooks/kling?token=hook-secret", null, MediaType.APPLICATION_JSON,
        50L * MIB, "{\"task_id\": \"".getBytes(StandardCharsets.UTF_8));
    assertEquals(413, response.status(), response.body());
    assertTrue(response.body().contains("at most " + MIB + " bytes"), response.body());
    // sent chunked, it is cut off at the limit
    Response chunked = rawPost("/api/webhooks/kling?token=hook-secret", null, MediaType.APPLICATION_JSON, -1,
        new byte[2 * MIB]);
    assertEquals(413, chunked.status(), chunked.body());
  }

  @Test
  void aReviewDeclaringAHugeBodyIsRefusedBeforeItIsSentAndAChunkedOneNeedsALength() throws Exception {
    String path = "/api/storyboards/" + storyboard + "/reviews";
    Response huge = rawPost(path, "reviewer", MediaType.APPLICATION_JSON, 50L * MIB,
        "{\"subject\": \"".getBytes(StandardCharsets.UTF_8));
    assertEquals(413, huge.status(), huge.body());
    assertTrue(huge.body().contains("at most 65536 bytes"), huge.body());
    Response chunked = rawPost(path, "reviewer", MediaType.APPLICATION_JSON, -1,
        "{\"subject\": \"clip:reveal\", \"verdict\": \"approve\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(411, chunked.status(), chunked.body());
  }

  @Test
  void reviewFieldsOverTheirLimitsAreNamed() throws Exception {
    String path = "/api/storyboards/" + storyboard + "/reviews";
    Map<String, Map<String, String>> cases = Map.of(
        "subject", Map.of("subject", "clip:" + "x".repeat(300), "verdict", "approve"),
        "take", Map.of("subject", "keyframe:reveal:start", "take", "t".repeat(200), "verdict", "approve"),
        "note", Map.of("subject", "keyframe:reveal:start", "verdict", "approve", "note", "n".repeat(4001)),
        "prompt", Map.of("subject", "keyframe:reveal:start", "verdict", "reject", "prompt", "p".repeat(2501)));
    for (Map.Entry<String, Map<String, String>> c : cases.entrySet()) {
      HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
          () -> post(path, c.getValue(), MediaType.APPLICATION_JSON, "reviewer"));
      assertEquals(HttpStatus.BAD_REQUEST, e.getStatus(), c.getKey());
      JsonNode problem = json.readTree(e.getResponse().getBody(String.class).orElseThrow());
      assertEquals(List.of(c.getKey()), fields(problem), problem.toString());
    }
  }

  @Test
  void aReviewThatIsNotUtf8IsRefused() throws Exception {
    byte[] latin1 = "{\"subject\": \"keyframe:reveal:start\", \"verdict\": \"approve\", \"note\": \"tr\u00e8s bien\"}"
        .getBytes(StandardCharsets.ISO_8859_1);
    HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
        () -> post("/api/storyboards/" + storyboard + "/reviews", latin1, MediaType.APPLICATION_JSON, "reviewer"));
    assertEquals(HttpStatus.BAD_REQUEST, e.getStatus(), e.getResponse().getBody(String.class).orElse(""));
    JsonNode problem = json.readTree(e.getResponse().getBody(String.class).orElseThrow());
    assertEquals(List.of("body"), fields(problem), problem.toString());
    assertTrue(messages(problem).contains("Invalid UTF-8"), problem.toString());
  }

  @Test
  void aBudgetChangeOutsideTheColumnIsNamed() throws Exception {
    for (String budget : List.of("1e999999999", "1e11", "12.34567", "-1")) {
      HttpClientResponseException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(
          HttpClientResponseException.class, () -> post("/api/storyboards/" + storyboard + "/budget",
              "{\"budget_usd\": " + budget + "}", MediaType.APPLICATION_JSON, "producer")));
      assertEquals(HttpStatus.BAD_REQUEST, e.getStatus(), budget);
      JsonNode problem = json.readTree(e.getResponse().getBody(String.class).orElseThrow());
      assertEquals(List.of("budget_usd"), fields(problem), problem.toString());
    }
  }

  /** A generated corpus of review bodies: broken JSON, wrong types, hostile text; each is answered, never with a 5xx. */
  @Test
  void generatedReviewBodiesAreAnsweredWithoutServerErrors() throws Exception {
    Random random = new Random(13);
    List<String> before = storyboards();
    String path = "/api/storyboards/" + storyboard + "/reviews";
    Map<Integer, Integer> answers = new java.util.TreeMap<>();
    for (int i = 0; i < 150; i++) {
      String fields = randomObject(random, List.of("subject", "take", "verdict", "note", "prompt", "extra"));
      // half of them a decision the storyboard could take, with hostile fields beside it
      if (i % 2 == 1 && fields.endsWith("}")) {
        fields = "{\"subject\": \"keyframe:reveal:start\", \"verdict\": \"" + (random.nextBoolean() ? "approve" : "reject")
            + "\"" + (fields.length() > 2 ? ", " : "") + fields.substring(1);
      }
      byte[] body = i % 5 == 0 ? randomBytes(random) : fields.getBytes(StandardCharsets.UTF_8);
      Response response = rawPost(path, "reviewer", MediaType.APPLICATION_JSON, body.length, body);
      assertTrue(response.status() < 500, i + ": " + new String(body, StandardCharsets.UTF_8) + " -> " + response);
      answers.merge(response.status(), 1, Integer::sum);
    }
    assertEquals(before, storyboards(), "reviews create no storyboards");
    // the corpus reaches past the body's form to the field checks and to the workflow
    System.out.println("generated review bodies, answers by status: " + answers);
    assertTrue(answers.containsKey(400) && answers.containsKey(409), answers.toString());
  }

  /** The same for provider webhooks, with and without Kling's token: 401, 404 or 204, never a 5xx. */
  @Test
  void generatedWebhookBodiesAreAnsweredWithoutServerErrors() throws Exception {
    Random random = new Random(17);
    List<String> targets = List.of("kling?token=hook-secret", "kling", "fal", "wavespeed", "replicate", "sync", "nope");
    Map<Integer, Integer> answers = new java.util.TreeMap<>();
    for (int i = 0; i < 150; i++) {
      byte[] body = i % 4 == 0 ? randomBytes(random) : randomObject(random,
          List.of("task_id", "task_status", "data", "code", "request_id", "status", "id", "payload")).getBytes(StandardCharsets.UTF_8);
      String target = targets.get(random.nextInt(targets.size()));
      Response response = rawPost("/api/webhooks/" + target, null, MediaType.APPLICATION_JSON, body.length, body);
      assertTrue(response.status() < 500, target + " " + new String(body, StandardCharsets.UTF_8) + " -> " + response);
      answers.merge(response.status(), 1, Integer::sum);
    }
    System.out.println("generated webhook bodies, answers by status: " + answers);
    assertTrue(answers.containsKey(204) && answers.containsKey(401) && answers.containsKey(404), answers.toString());
  }

  /**
   * A generated corpus of specs: a valid spec with values swapped for hostile ones (huge exponents, long or unstorable
   * text, wrong types, deep nesting), cut short, with invalid UTF-8 spliced in, or random bytes, as JSON and as YAML.
   * Each is accepted (201) or refused with a 400 problem document whose errors say what is wrong (naming the field
   * whenever one is to blame); never a 5xx, and a refused one creates nothing.
   */
  @Test
  void generatedSpecsAreRefusedWithTheFieldOrAccepted() throws Exception {
    Random random = new Random(19);
    Map<String, Integer> outcomes = new java.util.TreeMap<>();
    java.util.Set<String> wholeBody = new java.util.LinkedHashSet<>();
    List<String> names = List.of("title", "budget_usd", "provider", "model", "tier", "prompt", "negative_prompt",
        "duration", "shots", "id", "start_frame", "end_frame", "extend", "dialogue", "text", "voice_id", "voice_speed",
        "review", "keyframes", "clips", "deadline", "on_deadline", "fallback_providers", "colour");
    for (int i = 0; i < 200; i++) {
      String document = hostileSpec(random, names);
      boolean yaml = random.nextInt(3) == 0;
      byte[] body = switch (i % 10) {
        case 0 -> randomBytes(random);
        case 1 -> withInvalidUtf8(random, document.getBytes(StandardCharsets.UTF_8));
        case 2 -> ("{\"title\": \"deep\", \"shots\": " + "[".repeat(random.nextInt(5_000)) + "]").getBytes(StandardCharsets.UTF_8);
        default -> (yaml ? toYaml(document) : document)
            .getBytes(StandardCharsets.UTF_8);
      };
      String type = yaml && i % 10 > 2 ? "application/yaml" : MediaType.APPLICATION_JSON;
      List<String> before = storyboards();
      HttpResponse<String> created;
      try {
        created = post("/api/storyboards", body, type, "producer");
      } catch (HttpClientResponseException e) {
        String shown = new String(body, StandardCharsets.UTF_8);
        String answer = e.getResponse().getBody(String.class).orElse("");
        assertEquals(HttpStatus.BAD_REQUEST, e.getStatus(), i + ": " + shown + " -> " + answer);
        assertTrue(e.getResponse().getContentType().orElseThrow().toString().contains("problem+json"), answer);
        JsonNode errors = json.readTree(answer).path("errors");
        assertTrue(errors.size() > 0, answer);
        boolean named = false;
        for (JsonNode error : errors) {
          assertTrue(!error.path("message").asText().isBlank(), answer);
          named |= !error.path("field").asText().isBlank();
        }
        assertEquals(before, storyboards(), i + ": a refused spec created something: " + shown);
        outcomes.merge(named ? "400 naming a field" : "400 about the whole body", 1, Integer::sum);
        if (!named && wholeBody.size() < 12) {
          wholeBody.add(errors.get(0).path("message").asText());
        }
        continue;
      }
      assertEquals(HttpStatus.CREATED, created.getStatus());
      outcomes.merge("201", 1, Integer::sum);
    }
    System.out.println("generated specs, outcomes: " + outcomes + "; whole-body refusals such as " + wholeBody);
    assertTrue(outcomes.getOrDefault("400 naming a field", 0) >= 120, "the corpus reaches the field checks: " + outcomes);
  }

  /** The seed spec with one to three fields set to hostile values, maybe cut short. */
  private static String hostileSpec(Random random, List<String> names) {
    StringBuilder spec = new StringBuilder("{\"title\": \"Fuzz\", \"budget_usd\": 5, \"provider\": \"local\", "
        + "\"review\": {\"keyframes\": \"required\"}, \"shots\": [{\"id\": \"s\", \"prompt\": \"p\", "
        + "\"start_frame\": {\"prompt\": \"x\"}");
    for (int m = 1 + random.nextInt(3); m > 0; m--) {
      spec.append(", \"").append(names.get(random.nextInt(names.size()))).append("\": ").append(randomValue(random, 0));
    }
    spec.append("}]");
    for (int m = random.nextInt(2); m > 0; m--) {
      spec.append(", \"").append(names.get(random.nextInt(names.size()))).append("\": ").append(randomValue(random, 0));
    }
    String text = spec.append('}').toString();
    return random.nextInt(12) == 0 ? text.substring(0, random.nextInt(text.length() + 1)) : text;
  }

  /** The same document as YAML when it parses as JSON, else as it is. */
  private String toYaml(String document) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
          .writeValueAsString(json.readTree(document));
    } catch (IOException notJson) {
      return document;
    }
  }

  /** {@code bytes} with a byte sequence that is not UTF-8 written over a random place. */
  private static byte[] withInvalidUtf8(Random random, byte[] bytes) {
    byte[] out = bytes.clone();
    byte[][] invalid = {{(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}};
    byte[] bad = invalid[random.nextInt(invalid.length)];
    int at = random.nextInt(Math.max(1, out.length - bad.length));
    System.arraycopy(bad, 0, out, at, Math.min(bad.length, out.length - at));
    return out;
  }

  /**
   * Provider webhooks with random bodies under random, stale and valid signatures (WaveSpeed's and Replicate's
   * standard-webhook HMACs, Sync's header, Kling's token, fal's Ed25519 headers with keys nobody serves): a wrong or
   * stale signature is always 401; a valid one is 204, or a 4xx when the body is not the provider's JSON; never a 5xx.
   */
  @Test
  void generatedWebhookSignaturesAreAnsweredWithoutServerErrors() throws Exception {
    Random random = new Random(23);
    Map<String, Integer> answers = new java.util.TreeMap<>();
    List<String> providers = List.of("kling", "fal", "wavespeed", "replicate", "sync");
    for (int i = 0; i < 200; i++) {
      String provider = providers.get(random.nextInt(providers.size()));
      byte[] body = i % 3 == 0 ? randomBytes(random) : randomObject(random,
          List.of("id", "status", "task_id", "task_status", "request_id", "output", "error", "payload"))
          .getBytes(StandardCharsets.UTF_8);
      boolean valid = random.nextBoolean();
      long now = java.time.Instant.now().getEpochSecond();
      long at = valid ? now : List.of(now, now - 301, now + 301, 0L, Long.MAX_VALUE).get(random.nextInt(5));
      String id = "msg_" + random.nextInt(1_000_000);
      Map<String, String> headers = new HashMap<>();
      String path = "/api/webhooks/" + provider;
      switch (provider) {
        case "kling" -> path += valid ? "?token=hook-secret" : random.nextBoolean()
            ? "?token=" + java.net.URLEncoder.encode(randomToken(random), StandardCharsets.UTF_8) : "";
        case "fal" -> {
          headers.put("X-Fal-Webhook-Request-Id", id);
          headers.put("X-Fal-Webhook-User-Id", "user");
          headers.put("X-Fal-Webhook-Timestamp", random.nextInt(4) == 0 ? randomToken(random) : String.valueOf(at));
          headers.put("X-Fal-Webhook-Signature", random.nextBoolean() ? java.util.HexFormat.of().formatHex(
              new byte[64]) : randomToken(random));
          valid = false; // nobody here holds fal's private key
        }
        case "wavespeed", "replicate" -> {
          String key = provider.equals("wavespeed") ? WAVESPEED_SECRET.substring(6) : null;
          byte[] keyBytes = key != null ? key.getBytes(StandardCharsets.UTF_8)
              : java.util.Base64.getDecoder().decode(REPLICATE_SECRET.substring(6));
          byte[] mac = hmac(keyBytes, (id + "." + at + ".").getBytes(StandardCharsets.UTF_8), body);
          String signature = provider.equals("wavespeed") ? "v3," + java.util.HexFormat.of().formatHex(mac)
              : "v1," + java.util.Base64.getEncoder().encodeToString(mac);
          headers.put("webhook-id", id);
          headers.put("webhook-timestamp", String.valueOf(at));
          headers.put("webhook-signature", valid ? signature : random.nextBoolean() ? randomToken(random)
              : signature.substring(0, signature.length() - 2) + "AA");
        }
        default -> {
          byte[] mac = hmac(SYNC_SECRET.getBytes(StandardCharsets.UTF_8), (at + ".").getBytes(StandardCharsets.UTF_8), body);
          headers.put("Sync-Signature", "t=" + at + ",v1=" + (valid ? java.util.HexFormat.of().formatHex(mac)
              : randomToken(random)));
        }
      }
      Response response = rawPost(path, null, MediaType.APPLICATION_JSON, body.length, body, headers);
      String shown = provider + " " + headers + " " + new String(body, StandardCharsets.UTF_8) + " -> " + response;
      assertTrue(response.status() < 500, shown);
      if (body.length == 0) {
        assertEquals(400, response.status(), shown); // no body at all is refused before any signature is read
      } else if (valid) {
        // a body that is not the provider's JSON cannot name its job: refused as unverifiable (401) or bad (400)
        assertTrue(List.of(204, 400, 401).contains(response.status()), shown);
      } else {
        assertEquals(401, response.status(), shown);
      }
      answers.merge((valid ? "signed " : "unsigned ") + response.status(), 1, Integer::sum);
    }
    System.out.println("generated webhook signatures, answers: " + answers);
    assertTrue(answers.containsKey("signed 204") && answers.containsKey("unsigned 401"), answers.toString());
  }

  private static String randomToken(Random random) {
    return List.of("", "v1,", "v3,zz", "t=,v1=", "deadbeef", "A".repeat(300), "%00", "v1,=====", "x y z")
        .get(random.nextInt(9)) + random.nextInt(1000);
  }

  private static byte[] hmac(byte[] key, byte[] prefix, byte[] body) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
    mac.update(prefix);
    return mac.doFinal(body);
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(300)];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A JSON object (or, now and then, a document cut short) with some of {@code names} set to hostile values. */
  private static String randomObject(Random random, List<String> names) {
    StringBuilder json = new StringBuilder("{");
    int fields = random.nextInt(names.size() + 1);
    for (int f = 0; f < fields; f++) {
      if (f > 0) {
        json.append(", ");
      }
      json.append('"').append(names.get(random.nextInt(names.size()))).append("\": ").append(randomValue(random, 0));
    }
    String text = json.append('}').toString();
    return random.nextInt(10) == 0 ? text.substring(0, random.nextInt(text.length() + 1)) : text;
  }

  private static String randomValue(Random random, int depth) {
    return switch (random.nextInt(depth > 3 ? 7 : 9)) {
      case 0 -> "null";
      case 1 -> random.nextBoolean() ? "true" : "false";
      case 2 -> List.of("1e999999999", "-1", "0", "1e11", "12.34567", "2147483648", "-0.0").get(random.nextInt(7));
      case 3 -> quoted(List.of("approve", "reject", "retry", "skip", "keyframe:reveal:start", "clip:reveal",
          "lip_sync:reveal", "extend:reveal:1", "clip:nope", "succeed", "failed", "").get(random.nextInt(12)));
      case 4 -> quoted("x".repeat(List.of(1, 127, 128, 129, 199, 200, 201, 2500, 2501, 4000, 4001, 20_000)
          .get(random.nextInt(12))));
      case 5 -> quoted(List.of("\\u0000", "\\ud800", "a\\udc00b", "\\uD83C\\uDF19", "\\\"", "\\\\", "\u00e9\u4e2d")
          .get(random.nextInt(7)));
      case 6 -> quoted(randomText(random));
      case 7 -> "[" + randomValue(random, depth + 1) + ", " + randomValue(random, depth + 1) + "]";
      default -> "{\"k\": " + randomValue(random, depth + 1) + "}";
    };
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(40); i > 0; i--) {
      char c = (char) (0x20 + random.nextInt(0xd7ff - 0x20));
      if (c != '"' && c != '\\') {
        text.append(c);
      }
    }
    return text.toString();
  }

  private static String quoted(String value) {
    return "\"" + value + "\"";
  }

  private record Response(int status, String body) {}

  /**
   * A POST over a plain socket: with {@code declaredLength} ≥ 0 it sends that Content-Length but only
   * {@code body}, then waits for the answer (a server that waited for the rest would never answer); with -1 it sends
   * {@code body} chunked, in 64 KiB chunks, as far as the server reads it.
   */
  private Response rawPost(String path, String role, String contentType, long declaredLength, byte[] body)
      throws IOException {
    return rawPost(path, role, contentType, declaredLength, body, Map.of());
  }

  private Response rawPost(String path, String role, String contentType, long declaredLength, byte[] body,
      Map<String, String> headers) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      // the server closes once it has answered, which ends an answer without a length (204)
      StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
          .append("Content-Type: ").append(contentType).append("\r\n");
      if (role != null) {
        head.append("Authorization: Bearer ").append(tokens.tokenFor(role)).append("\r\n");
      }
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append(declaredLength >= 0 ? "Content-Length: " + declaredLength : "Transfer-Encoding: chunked").append("\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      try {
        if (declaredLength >= 0) {
          out.write(body);
        } else {
          for (int at = 0; at < body.length; at += 64 * 1024) {
            int n = Math.min(64 * 1024, body.length - at);
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
      } catch (IOException closedByTheServer) {
        // the server answered and closed before the whole body was sent: read that answer
      }
      return read(socket.getInputStream());
    }
  }

  private static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int headEnd = -1;
    long contentLength = -1;
    while (true) {
      int n;
      try {
        n = in.read(buffer);
      } catch (java.net.SocketException reset) {
        n = -1;
      }
      if (n < 0) {
        break;
      }
      seen.write(buffer, 0, n);
      String text = seen.toString(StandardCharsets.ISO_8859_1);
      if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
        for (String line : text.substring(0, headEnd).split("\r\n")) {
          if (line.toLowerCase().startsWith("content-length:")) {
            contentLength = Long.parseLong(line.substring("content-length:".length()).trim());
          }
        }
      }
      if (headEnd >= 0 && contentLength >= 0 && seen.size() >= headEnd + 4 + contentLength) {
        break;
      }
    }
    String text = seen.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("HTTP/1.1 "), "no HTTP answer: " + text);
    int status = Integer.parseInt(text.substring(9, 12));
    return new Response(status, headEnd < 0 ? "" : text.substring(Math.min(text.length(), headEnd + 4)));
  }
}
