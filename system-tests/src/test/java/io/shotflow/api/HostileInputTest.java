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
    try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      // the server closes once it has answered, which ends an answer without a length (204)
      StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
          .append("Content-Type: ").append(contentType).append("\r\n");
      if (role != null) {
        head.append("Authorization: Bearer ").append(tokens.tokenFor(role)).append("\r\n");
      }
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
