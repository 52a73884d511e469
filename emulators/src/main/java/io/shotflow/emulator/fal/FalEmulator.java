package io.shotflow.emulator.fal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.shotflow.emulator.common.EmulatorHttp;
import io.shotflow.emulator.common.EmulatorRoutes;
import io.shotflow.emulator.common.EmulatorRuntime;
import io.shotflow.emulator.common.EmulatorMedia;
import io.shotflow.emulator.common.Faults;
import io.shotflow.emulator.common.SpokenLine;
import io.shotflow.emulator.common.SubmissionCounter;
import io.shotflow.emulator.common.VoiceLibrary;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local server that speaks fal's queue API (docs/providers.md §2): {@code Key} auth, submit at the full model path with
 * {@code ?fal_webhook=}, status / result / cancel under {@code {owner}/{app}/requests/{id}}, the
 * {@code IN_QUEUE → IN_PROGRESS → COMPLETED} machine, 422 results for refused input, webhooks signed with Ed25519 by the
 * emulator's own key (published at {@code /.well-known/jwks.json}), and real media from the local renderers. It serves
 * the Kling 2.1 image-to-video tiers, Kling lip-sync from audio or text, Sync lipsync v2 and flux/dev. Faults come through
 * {@link #onSubmit()} / {@link #onStatus()} or {@code POST /emulator/faults}; {@link #submissions()} counts queued
 * requests per hash of model and input (fal has no client idempotency key).
 */
public final class FalEmulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FalEmulator.class);
  private static final Pattern REQUEST = Pattern.compile("^/([^/]+/[^/]+)/requests/([^/]+)(/status|/cancel)?$");
  /**
   * fal's Kling image-to-video endpoints as their schemas read (docs/providers.md §2.2, §2.6): where the start and end
   * frames go (2.1 and 2.5 Turbo: image_url / tail_image_url; 2.6 and 3.0: start_image_url / end_image_url; O1
   * reference-to-video: the start frame as the first of image_urls), and the durations each takes.
   */
  private record KlingEndpoint(String startField, String endField, Set<String> durations) {}

  /** The endpoints with voice control: {@code voice_ids} (at most 2) named {@code <<<voice_n>>>} in the prompt (§2.6). */
  private static final Set<String> VOICE_CONTROL = Set.of("fal-ai/kling-video/v2.6/pro/image-to-video",
      "fal-ai/kling-video/v3/standard/image-to-video", "fal-ai/kling-video/v3/pro/image-to-video");

  private static final Set<String> FIVE_OR_TEN = Set.of("5", "10");
  private static final Set<String> THREE_TO_FIFTEEN =
      Set.of("3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15");
  private static final Map<String, KlingEndpoint> KLING_I2V = Map.ofEntries(
      Map.entry("fal-ai/kling-video/v2.1/standard/image-to-video", new KlingEndpoint("image_url", null, FIVE_OR_TEN)),
      Map.entry("fal-ai/kling-video/v2.1/pro/image-to-video", new KlingEndpoint("image_url", "tail_image_url", FIVE_OR_TEN)),
      Map.entry("fal-ai/kling-video/v2.1/master/image-to-video", new KlingEndpoint("image_url", null, FIVE_OR_TEN)),
      Map.entry("fal-ai/kling-video/v2.5-turbo/standard/image-to-video", new KlingEndpoint("image_url", null, FIVE_OR_TEN)),
      Map.entry("fal-ai/kling-video/v2.5-turbo/pro/image-to-video",
          new KlingEndpoint("image_url", "tail_image_url", FIVE_OR_TEN)),
      Map.entry("fal-ai/kling-video/v2.6/pro/image-to-video",
          new KlingEndpoint("start_image_url", "end_image_url", FIVE_OR_TEN)),
      Map.entry("fal-ai/kling-video/v3/standard/image-to-video",
          new KlingEndpoint("start_image_url", "end_image_url", THREE_TO_FIFTEEN)),
      Map.entry("fal-ai/kling-video/v3/pro/image-to-video",
          new KlingEndpoint("start_image_url", "end_image_url", THREE_TO_FIFTEEN)),
      Map.entry("fal-ai/kling-video/o1/reference-to-video", new KlingEndpoint("image_urls", null, FIVE_OR_TEN)));
  private static final Set<String> LIP_SYNC = Set.of("fal-ai/kling-video/lipsync/audio-to-video", "fal-ai/sync-lipsync/v2");
  private static final String TEXT_LIP_SYNC = "fal-ai/kling-video/lipsync/text-to-video";
  private static final String FLUX_DEV = "fal-ai/flux/dev";
  private static final Map<String, int[]> IMAGE_SIZES = Map.of(
      "square_hd", new int[] {1024, 1024}, "square", new int[] {512, 512},
      "portrait_4_3", new int[] {768, 1024}, "portrait_16_9", new int[] {576, 1024},
      "landscape_4_3", new int[] {1024, 768}, "landscape_16_9", new int[] {1024, 576});

  /** Settings; {@code clipMaxLongSide} caps the clip size (tests use small ones), {@code userId} signs webhooks. */
  public record Options(String apiKey, int port, Duration queueLatency, Duration processingLatency,
      int clipMaxLongSide, int fps, Duration slowAnswer, int retryAfterSeconds, String userId, Clock clock, Path folder) {

    public static Options of(String apiKey) {
      return new Options(apiKey, 0, Duration.ofMillis(200), Duration.ofMillis(500), 1280, 24, Duration.ofSeconds(5), 1,
          "emulator-user", Clock.systemUTC(), null);
    }

    public Options withPort(int p) {
      return new Options(apiKey, p, queueLatency, processingLatency, clipMaxLongSide, fps, slowAnswer,
          retryAfterSeconds, userId, clock, folder);
    }

    public Options withLatency(Duration queue, Duration processing) {
      return new Options(apiKey, port, queue, processing, clipMaxLongSide, fps, slowAnswer, retryAfterSeconds, userId,
          clock, folder);
    }

    public Options withClipMaxLongSide(int side) {
      return new Options(apiKey, port, queueLatency, processingLatency, side, fps, slowAnswer, retryAfterSeconds,
          userId, clock, folder);
    }

    public Options withSlowAnswer(Duration d) {
      return new Options(apiKey, port, queueLatency, processingLatency, clipMaxLongSide, fps, d, retryAfterSeconds,
          userId, clock, folder);
    }

    public Options withFolder(Path f) {
      return new Options(apiKey, port, queueLatency, processingLatency, clipMaxLongSide, fps, slowAnswer,
          retryAfterSeconds, userId, clock, f);
    }
  }

  private final Options options;
  private final EmulatorRuntime runtime;
  private final Faults<FalFault> submitFaults = new Faults<>();
  private final Faults<FalFault> statusFaults = new Faults<>();
  private final Map<String, FalRequest> requests = new ConcurrentHashMap<>();
  private final VoiceLibrary voices = new VoiceLibrary();
  private final KeyPair signingKey;

  private FalEmulator(Options options) throws IOException {
    this.options = options;
    try {
      this.signingKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 unavailable", e);
    }
    this.runtime = EmulatorRuntime.start("fal-emulator", "fal emulator", options.folder(), options.port(),
        options.queueLatency(), options.processingLatency(), this::handle);
  }

  public static FalEmulator start(Options options) throws IOException {
    return new FalEmulator(options);
  }

  public String baseUrl() {
    return runtime.baseUrl();
  }

  public String jwksUrl() {
    return baseUrl() + "/.well-known/jwks.json";
  }

  public Faults<FalFault> onSubmit() {
    return submitFaults;
  }

  /** Faults for the next status and result calls. */
  public Faults<FalFault> onStatus() {
    return statusFaults;
  }

  /** HTTP requests this emulator received (submits, polls, downloads; not its admin routes). */
  public long requests() {
    return runtime.http().requests();
  }

  /**
   * The account's voices ({@link VoiceLibrary#PRESET} and any a test adds) and the {@code voice_ids} of every request
   * that ran, keyed by its request id.
   */
  public VoiceLibrary voices() {
    return voices;
  }

  /** Queued requests per {@link #submissionKey(String, byte[])}. */
  public SubmissionCounter submissions() {
    return runtime.submissions();
  }

  /** The counter's key: hex SHA-256 of the model path, a newline, and the raw input JSON. */
  public static String submissionKey(String modelPath, byte[] input) {
    MessageDigest sha256 = sha256();
    sha256.update(modelPath.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '\n');
    return HexFormat.of().formatHex(sha256.digest(input));
  }

  /**
   * The hex Ed25519 signature fal puts in {@code X-Fal-Webhook-Signature}: over
   * {@code request_id \n user_id \n timestamp \n hex(sha256(body))}, with the key the JWKS publishes.
   */
  public String sign(String requestId, String userId, long timestamp, byte[] body) {
    String message = requestId + "\n" + userId + "\n" + timestamp + "\n" + HexFormat.of().formatHex(sha256().digest(body));
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(signingKey.getPrivate());
      signer.update(message.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a webhook", e);
    }
  }

  public String userId() {
    return options.userId();
  }

  @Override
  public void close() {
    runtime.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (method.equals("GET") && path.equals("/.well-known/jwks.json")) {
      EmulatorHttp.sendJson(exchange, 200, jwks());
      return;
    }
    if (EmulatorRoutes.serve(exchange, runtime.media(), runtime.submissions(), FalFault.class, "submit",
        Map.of("submit", submitFaults, "status", statusFaults))) {
      return;
    }
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.equals("Key " + options.apiKey())) {
      detail(exchange, 401, "No user found for Key ID and Secret");
      return;
    }
    Matcher m = REQUEST.matcher(path);
    if (m.matches()) {
      FalFault fault = method.equals("PUT") ? null : statusFaults.take(f -> !f.failsResult()).orElse(null);
      if (fault != null && fault.refuses()) {
        refuse(exchange, fault);
      } else if (fault == FalFault.MALFORMED_JSON) {
        EmulatorHttp.sendMalformed(exchange);
      } else {
        request(exchange, m.group(1), m.group(2), m.group(3), method);
      }
      return;
    }
    if (method.equals("POST")) {
      submit(exchange, path.substring(1));
      return;
    }
    detail(exchange, 405, "method not allowed");
  }

  private void request(HttpExchange exchange, String app, String id, String action, String method) throws IOException {
    FalRequest request = requests.get(id);
    if (request == null || !request.app.equals(app)) {
      detail(exchange, 404, "Request not found");
      return;
    }
    if ("/status".equals(action) && method.equals("GET")) {
      ObjectNode status = request.urls(baseUrl());
      String s = request.status();
      status.put("status", s);
      if (s.equals("IN_QUEUE")) {
        status.put("queue_position", 0);
      }
      EmulatorHttp.sendJson(exchange, s.equals("COMPLETED") ? 200 : 202, status);
    } else if ("/cancel".equals(action) && method.equals("PUT")) {
      boolean cancelled = request.cancel();
      EmulatorHttp.sendJson(exchange, cancelled ? 202 : 400, EmulatorHttp.JSON.createObjectNode()
          .put("status", cancelled ? "CANCELLATION_REQUESTED" : "ALREADY_COMPLETED"));
    } else if (action == null && method.equals("GET")) {
      if (!request.status().equals("COMPLETED")) {
        detail(exchange, 400, "Request is still in progress");
        return;
      }
      FalRequest.Outcome outcome = request.outcome();
      if (outcome.errorType() != null) {
        exchange.getResponseHeaders().set("X-Fal-Error-Type", outcome.errorType());
      }
      EmulatorHttp.sendJson(exchange, outcome.httpStatus(), outcome.body());
    } else {
      detail(exchange, 405, "method not allowed");
    }
  }

  private void submit(HttpExchange exchange, String modelPath) throws IOException {
    FalFault fault = submitFaults.take(f -> true).orElse(null);
    if (fault != null && fault.refuses()) {
      refuse(exchange, fault);
      return;
    }
    if (!KLING_I2V.containsKey(modelPath) && !LIP_SYNC.contains(modelPath) && !modelPath.equals(TEXT_LIP_SYNC)
        && !modelPath.equals(FLUX_DEV)) {
      detail(exchange, 404, "Application '" + modelPath + "' not found");
      return;
    }
    byte[] raw = EmulatorHttp.body(exchange);
    JsonNode input;
    try {
      input = EmulatorHttp.JSON.readTree(raw);
    } catch (IOException e) {
      detail(exchange, 422, "body is not JSON");
      return;
    }
    if (input == null || !input.isObject()) {
      detail(exchange, 422, "body must be a JSON object");
      return;
    }
    String[] segments = modelPath.split("/");
    String app = segments[0] + "/" + segments[1];
    FalRequest request = new FalRequest(UUID.randomUUID().toString(), app, modelPath, input, webhook(exchange));
    requests.put(request.id, request);
    runtime.submissions().accepted(submissionKey(modelPath, raw), modelPath, input);
    runtime.jobs().run(request::start, () -> outcome(request, fault), done -> {
      request.complete(done);
      sendWebhook(request, done);
    });
    ObjectNode answer = request.urls(baseUrl());
    answer.put("status", "IN_QUEUE");
    answer.put("queue_position", 0);
    EmulatorHttp.answerAccepted(exchange, fault, options.slowAnswer(), () -> EmulatorHttp.sendJson(exchange, 200, answer));
  }

  private static String webhook(HttpExchange exchange) {
    return EmulatorHttp.query(exchange.getRequestURI().getRawQuery()).get("fal_webhook");
  }

  /** What the request ends with: the injected failure, the runner's validation, or real media. */
  private FalRequest.Outcome outcome(FalRequest request, FalFault fault) {
    if (fault != null && fault.failsResult()) {
      return failure(fault);
    }
    try {
      String invalid = validate(request.modelPath, request.input);
      if (invalid == null) {
        invalid = validateVoices(request.modelPath, request.input);
      }
      if (invalid != null) {
        return validation(invalid);
      }
      List<String> ids = voiceIds(request.input);
      if (!ids.isEmpty()) {
        voices.record(new VoiceLibrary.Binding(request.id, request.modelPath, ids,
            request.input.path("prompt").asText("")));
      }
      return new FalRequest.Outcome(200, render(request), null);
    } catch (IOException | RuntimeException e) {
      LOG.warn("fal emulator request {} failed: {}", request.id, e.getMessage());
      return new FalRequest.Outcome(500,
          EmulatorHttp.JSON.createObjectNode().put("detail", "runner failed: " + e.getMessage()), "runner_error");
    }
  }

  private static FalRequest.Outcome failure(FalFault fault) {
    return switch (fault) {
      case RESULT_422 -> validation("input is not valid for this model");
      case RESULT_CONTENT_POLICY -> {
        ObjectNode body = EmulatorHttp.JSON.createObjectNode();
        body.putArray("detail").addObject()
            .put("msg", "The content could not be processed because it contained material flagged by a content checker.")
            .put("type", "content_policy_violation")
            .putArray("loc").add("body").add("prompt");
        yield new FalRequest.Outcome(422, body, null);
      }
      default -> new FalRequest.Outcome(500,
          EmulatorHttp.JSON.createObjectNode().put("detail", "runner disconnected"), "runner_disconnected");
    };
  }

  private static FalRequest.Outcome validation(String message) {
    ObjectNode body = EmulatorHttp.JSON.createObjectNode();
    body.putArray("detail").addObject().put("msg", message).put("type", "value_error").putArray("loc").add("body");
    return new FalRequest.Outcome(422, body, null);
  }

  private static List<String> voiceIds(JsonNode input) {
    List<String> ids = new java.util.ArrayList<>();
    for (JsonNode id : input.path("voice_ids")) {
      ids.add(id.isTextual() ? id.asText() : "");
    }
    return ids;
  }

  /**
   * {@code voice_ids} (docs/providers.md §2.6): a list of at most two of the account's voice ids, on the endpoints with
   * voice control only, with audio generated (fal bills voice control "while generating audio" [I: and Kling's own API
   * refuses a voice without sound]), each {@code <<<voice_n>>>} in the prompt naming a listed voice.
   */
  private String validateVoices(String model, JsonNode input) {
    if (!input.has("voice_ids") || input.path("voice_ids").isNull()) {
      return null;
    }
    if (!VOICE_CONTROL.contains(model)) {
      return "voice_ids: not a parameter of " + model;
    }
    if (!input.path("voice_ids").isArray()) {
      return "voice_ids: must be a list of strings";
    }
    if (input.path("voice_ids").isEmpty()) {
      return null;
    }
    if (!input.path("generate_audio").asBoolean(true)) {
      return "voice_ids: voice control needs generate_audio";
    }
    String problem = voices.problem(voiceIds(input), input.path("prompt").asText(""));
    return problem == null ? null : "voice_ids: " + problem;
  }

  private static String validate(String model, JsonNode input) {
    KlingEndpoint endpoint = KLING_I2V.get(model);
    if (endpoint != null) {
      if (input.path("prompt").asText("").isBlank()) {
        return "prompt: field required";
      }
      if (startFrame(endpoint, input) == null) {
        return endpoint.startField() + ": field required";
      }
      if (input.has("duration") && !endpoint.durations().contains(input.path("duration").asText())) {
        return "duration: must be one of " + new java.util.TreeSet<>(endpoint.durations());
      }
      for (String frame : List.of("tail_image_url", "end_image_url")) {
        if (input.hasNonNull(frame) && !frame.equals(endpoint.endField())) {
          return frame + ": not a parameter of " + model;
        }
      }
      if (input.has("generate_audio") && !input.get("generate_audio").isBoolean()) {
        return "generate_audio: must be a boolean";
      }
      return null;
    }
    if (model.equals(TEXT_LIP_SYNC)) {
      SpokenLine.Problem problem = SpokenLine.check(input);
      return !input.hasNonNull("video_url") ? "video_url: field required"
          : problem != null ? problem.field() + ": " + problem.rule() : null;
    }
    if (LIP_SYNC.contains(model)) {
      return !input.hasNonNull("video_url") ? "video_url: field required"
          : !input.hasNonNull("audio_url") ? "audio_url: field required" : null;
    }
    return input.path("prompt").asText("").isBlank() ? "prompt: field required" : null;
  }

  private JsonNode render(FalRequest request) throws IOException {
    EmulatorMedia media = runtime.media();
    JsonNode input = request.input;
    String files = baseUrl() + "/files/";
    ObjectNode output = EmulatorHttp.JSON.createObjectNode();
    if (request.modelPath.equals(FLUX_DEV)) {
      int[] size = imageSize(input.path("image_size"));
      ArrayNode images = output.putArray("images");
      for (int i = 0; i < input.path("num_images").asInt(1); i++) {
        String name = media.keyframe("fal-" + i, input.path("prompt").asText(), size[0], size[1]);
        images.addObject().put("url", files + name).put("width", size[0]).put("height", size[1])
            .put("content_type", "image/png");
      }
      output.put("seed", 42);
      output.putArray("has_nsfw_concepts").add(false);
      output.put("prompt", input.path("prompt").asText());
      return output;
    }
    String name;
    KlingEndpoint endpoint = KLING_I2V.get(request.modelPath);
    if (endpoint != null) {
      BufferedImage start = media.image(startFrame(endpoint, input));
      BufferedImage end = endpoint.endField() != null && input.hasNonNull(endpoint.endField())
          ? media.image(input.path(endpoint.endField()).asText()) : null;
      int seconds = Integer.parseInt(input.path("duration").asText("5"));
      name = media.clip(start, end, seconds, options.fps(), options.clipMaxLongSide(), "fal " + request.modelPath);
    } else if (request.modelPath.equals(TEXT_LIP_SYNC)) {
      name = media.textLipSync(media.fetch(input.path("video_url").asText()), input.path("text").asText(),
          input.path("voice_speed").asDouble(1.0));
    } else {
      String audioUrl = input.path("audio_url").asText();
      name = media.lipSync(media.fetch(input.path("video_url").asText()), media.fetch(audioUrl), audioExtension(audioUrl));
    }
    output.putObject("video").put("url", files + name).put("content_type", "video/mp4").put("file_name", name)
        .put("file_size", Files.size(media.file(name)));
    return output;
  }

  /** The start frame's URL where the endpoint takes it (the first of O1's image_urls), or null. */
  private static String startFrame(KlingEndpoint endpoint, JsonNode input) {
    JsonNode start = input.path(endpoint.startField());
    if (start.isArray()) {
      return start.isEmpty() || !start.get(0).isTextual() ? null : start.get(0).asText();
    }
    return start.isTextual() ? start.asText() : null;
  }

  private static String audioExtension(String audio) {
    if (audio.startsWith("data:")) {
      String type = audio.substring(5, audio.indexOf(';'));
      return switch (type) {
        case "audio/mpeg" -> "mp3";
        case "audio/mp4" -> "m4a";
        case "audio/aac" -> "aac";
        default -> "wav";
      };
    }
    String path = URI.create(audio).getPath();
    return path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : "wav";
  }

  private static int[] imageSize(JsonNode size) {
    if (size.isObject()) {
      return new int[] {size.path("width").asInt(1024) & ~1, size.path("height").asInt(768) & ~1};
    }
    return IMAGE_SIZES.getOrDefault(size.asText("landscape_4_3"), IMAGE_SIZES.get("landscape_4_3"));
  }

  private void sendWebhook(FalRequest request, FalRequest.Outcome outcome) {
    if (request.webhook == null) {
      return;
    }
    ObjectNode body = EmulatorHttp.JSON.createObjectNode();
    body.put("request_id", request.id);
    body.put("gateway_request_id", request.id);
    if (outcome.httpStatus() == 200) {
      body.put("status", "OK");
    } else {
      body.put("status", "ERROR");
      body.put("error", "Invalid status code: " + outcome.httpStatus());
    }
    body.set("payload", outcome.body());
    runtime.webhooks().postJson(request.webhook, body, bytes -> {
      long timestamp = options.clock().instant().getEpochSecond();
      return Map.of(
          "X-Fal-Webhook-Request-Id", request.id,
          "X-Fal-Webhook-User-Id", options.userId(),
          "X-Fal-Webhook-Timestamp", String.valueOf(timestamp),
          "X-Fal-Webhook-Signature", sign(request.id, options.userId(), timestamp, bytes));
    });
  }

  private ObjectNode jwks() {
    byte[] encoded = signingKey.getPublic().getEncoded();
    // X.509 SubjectPublicKeyInfo of an Ed25519 key: a fixed 12-byte header, then the raw 32-byte key
    byte[] raw = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    ObjectNode jwks = EmulatorHttp.JSON.createObjectNode();
    jwks.putArray("keys").addObject()
        .put("kty", "OKP").put("crv", "Ed25519").put("use", "sig").put("alg", "EdDSA").put("kid", "emulator")
        .put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    return jwks;
  }

  private void refuse(HttpExchange exchange, FalFault fault) throws IOException {
    if (fault == FalFault.RATE_LIMIT) {
      exchange.getResponseHeaders().set("Retry-After", String.valueOf(options.retryAfterSeconds()));
    }
    detail(exchange, fault.httpStatus, switch (fault) {
      case UNAUTHORIZED -> "No user found for Key ID and Secret";
      case RATE_LIMIT -> "Rate limit exceeded";
      default -> "upstream unavailable (" + fault.httpStatus + ")";
    });
  }

  private static void detail(HttpExchange exchange, int status, String message) throws IOException {
    EmulatorHttp.sendJson(exchange, status, EmulatorHttp.JSON.createObjectNode().put("detail", message));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** One queued request and its state. */
  private static final class FalRequest {

    record Outcome(int httpStatus, JsonNode body, String errorType) {}

    final String id;
    final String app;
    final String modelPath;
    final JsonNode input;
    final String webhook;
    private String status = "IN_QUEUE";
    private Outcome outcome;

    FalRequest(String id, String app, String modelPath, JsonNode input, String webhook) {
      this.id = id;
      this.app = app;
      this.modelPath = modelPath;
      this.input = input;
      this.webhook = webhook;
    }

    ObjectNode urls(String base) {
      String response = base + "/" + app + "/requests/" + id;
      return EmulatorHttp.JSON.createObjectNode()
          .put("request_id", id)
          .put("response_url", response)
          .put("status_url", response + "/status")
          .put("cancel_url", response + "/cancel");
    }

    synchronized String status() {
      return status;
    }

    synchronized Outcome outcome() {
      return outcome;
    }

    /** Moves to IN_PROGRESS; false when the request was cancelled while queued. */
    synchronized boolean start() {
      if (!status.equals("IN_QUEUE")) {
        return false;
      }
      status = "IN_PROGRESS";
      return true;
    }

    synchronized void complete(Outcome done) {
      if (status.equals("COMPLETED")) {
        return;
      }
      outcome = done;
      status = "COMPLETED";
    }

    synchronized boolean cancel() {
      if (status.equals("COMPLETED")) {
        return false;
      }
      ObjectNode body = EmulatorHttp.JSON.createObjectNode().put("detail", "Request was cancelled");
      outcome = new Outcome(400, body, "request_cancelled");
      status = "COMPLETED";
      return true;
    }
  }
}
