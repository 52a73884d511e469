package io.shotflow.emulator.wavespeed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.shotflow.emulator.common.EmulatorHttp;
import io.shotflow.emulator.common.EmulatorMedia;
import io.shotflow.emulator.common.EmulatorRoutes;
import io.shotflow.emulator.common.EmulatorRuntime;
import io.shotflow.emulator.common.EmulatorWebhooks;
import io.shotflow.emulator.common.Faults;
import io.shotflow.emulator.common.Hmac;
import io.shotflow.emulator.common.SpokenLine;
import io.shotflow.emulator.common.SubmissionCounter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local server that speaks WaveSpeed's v3 API (docs/providers.md §3): bearer auth, {@code POST /api/v3/{model}} with
 * {@code ?webhook=}, the {@code code/message/data} envelope, {@code GET /api/v3/predictions/{id}[/result]}, the
 * {@code created → processing → completed} machine (or {@code failed} / {@code timeout}), webhooks signed
 * {@code v3,<hex>} with the account's {@code whsec_} secret (also served at {@code GET /api/v3/webhook/secret}), and
 * real media from the local renderers. It serves the Kling 2.1 image-to-video tiers, the pro start-end-frame model,
 * Kling lip-sync and flux-dev. Faults come through {@link #onSubmit()} / {@link #onResult()} or
 * {@code POST /emulator/faults}; {@link #submissions()} counts created predictions per hash of model and body
 * (WaveSpeed has no client idempotency key).
 */
public final class WaveSpeedEmulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WaveSpeedEmulator.class);
  private static final Pattern PREDICTION = Pattern.compile("^/api/v3/predictions/([^/]+)(/result)?$");
  private static final Pattern SIZE = Pattern.compile("^(\\d{2,4})\\*(\\d{2,4})$");
  private static final String FLUX_DEV = "wavespeed-ai/flux-dev";
  private static final String START_END_FRAME = "kwaivgi/kling-v2.1-i2v-pro/start-end-frame";
  private static final String LIP_SYNC = "kwaivgi/kling-lipsync/audio-to-video";
  private static final String TEXT_LIP_SYNC = "kwaivgi/kling-lipsync/text-to-video";
  /** Kling 2.5 Turbo pro's image-to-video: start frame {@code image}, optional end frame {@code last_image} (§3.6). */
  private static final String TURBO_PRO = "kwaivgi/kling-v2.5-turbo-pro/image-to-video";
  private static final Set<String> IMAGE_TO_VIDEO = Set.of("kwaivgi/kling-v2.1-i2v-standard",
      "kwaivgi/kling-v2.1-i2v-pro", "kwaivgi/kling-v2.1-i2v-master", START_END_FRAME,
      "kwaivgi/kling-v2.5-turbo-std/image-to-video", TURBO_PRO);

  /**
   * Settings: latencies are real time; {@code clipMaxLongSide} caps clip sizes (tests use small ones);
   * {@code slowAnswer} is how late {@link WaveSpeedFault#SLOW_ANSWER} answers; {@code retryAfterSeconds} is the
   * {@code Retry-After} of a 429 (WaveSpeed documents none [I]: sent so that clients' handling of it is exercised);
   * {@code clock} stamps webhooks.
   */
  public record Options(String apiKey, String webhookSecret, int port, Duration queueLatency,
      Duration processingLatency, int clipMaxLongSide, int fps, Duration slowAnswer, int retryAfterSeconds,
      Clock clock, Path folder) {

    public static Options of(String apiKey) {
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      return new Options(apiKey, "whsec_" + HexFormat.of().formatHex(random), 0, Duration.ofMillis(200),
          Duration.ofMillis(500), 1280, 24, Duration.ofSeconds(5), 1, Clock.systemUTC(), null);
    }

    public Options withPort(int p) {
      return new Options(apiKey, webhookSecret, p, queueLatency, processingLatency, clipMaxLongSide, fps, slowAnswer,
          retryAfterSeconds, clock, folder);
    }

    public Options withLatency(Duration queue, Duration processing) {
      return new Options(apiKey, webhookSecret, port, queue, processing, clipMaxLongSide, fps, slowAnswer,
          retryAfterSeconds, clock, folder);
    }

    public Options withClipMaxLongSide(int side) {
      return new Options(apiKey, webhookSecret, port, queueLatency, processingLatency, side, fps, slowAnswer,
          retryAfterSeconds, clock, folder);
    }

    public Options withSlowAnswer(Duration d) {
      return new Options(apiKey, webhookSecret, port, queueLatency, processingLatency, clipMaxLongSide, fps, d,
          retryAfterSeconds, clock, folder);
    }

    public Options withRetryAfterSeconds(int seconds) {
      return new Options(apiKey, webhookSecret, port, queueLatency, processingLatency, clipMaxLongSide, fps,
          slowAnswer, seconds, clock, folder);
    }

    public Options withFolder(Path f) {
      return new Options(apiKey, webhookSecret, port, queueLatency, processingLatency, clipMaxLongSide, fps,
          slowAnswer, retryAfterSeconds, clock, f);
    }
  }

  private final Options options;
  private final EmulatorRuntime runtime;
  private final Faults<WaveSpeedFault> submitFaults = new Faults<>();
  private final Faults<WaveSpeedFault> resultFaults = new Faults<>();
  private final Map<String, Prediction> predictions = new ConcurrentHashMap<>();

  private WaveSpeedEmulator(Options options) throws IOException {
    this.options = options;
    this.runtime = EmulatorRuntime.start("wavespeed-emulator", "WaveSpeed emulator", options.folder(), options.port(),
        options.queueLatency(), options.processingLatency(), this::handle);
  }

  public static WaveSpeedEmulator start(Options options) throws IOException {
    return new WaveSpeedEmulator(options);
  }

  public String baseUrl() {
    return runtime.baseUrl();
  }

  /** The account's webhook secret ({@code whsec_…}). */
  public String webhookSecret() {
    return options.webhookSecret();
  }

  /** Faults for the next submits (POST of a model). */
  public Faults<WaveSpeedFault> onSubmit() {
    return submitFaults;
  }

  /** Faults for the next prediction queries. */
  public Faults<WaveSpeedFault> onResult() {
    return resultFaults;
  }

  /** Created predictions per {@link Hmac#requestKey(String, byte[])} of the model path and the raw body. */
  public SubmissionCounter submissions() {
    return runtime.submissions();
  }

  /**
   * The {@code webhook-signature} value for a delivery: {@code v3,} and the hex HMAC-SHA256 of
   * {@code id.timestamp.body}, keyed with the UTF-8 secret after {@code whsec_} (not base64-decoded, unlike Standard
   * Webhooks).
   */
  public String sign(String webhookId, long timestamp, byte[] body) {
    byte[] key = options.webhookSecret().substring("whsec_".length()).getBytes(StandardCharsets.UTF_8);
    return "v3," + HexFormat.of().formatHex(Hmac.sha256(key, webhookId + "." + timestamp + ".", body));
  }

  @Override
  public void close() {
    runtime.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (EmulatorRoutes.serve(exchange, runtime.media(), runtime.submissions(), WaveSpeedFault.class, "submit",
        Map.of("submit", submitFaults, "result", resultFaults))) {
      return;
    }
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.equals("Bearer " + options.apiKey())) {
      error(exchange, 401, "Unauthorized: invalid API key");
      return;
    }
    if (method.equals("GET") && path.equals("/api/v3/webhook/secret")) {
      ObjectNode data = EmulatorHttp.JSON.createObjectNode().put("secret", options.webhookSecret());
      envelope(exchange, data);
      return;
    }
    Matcher m = PREDICTION.matcher(path);
    if (method.equals("GET") && m.matches()) {
      WaveSpeedFault fault = resultFaults.take(f -> !f.endsPrediction()).orElse(null);
      if (fault != null && fault.refuses()) {
        refuse(exchange, fault);
      } else if (fault == WaveSpeedFault.MALFORMED_JSON) {
        EmulatorHttp.sendMalformed(exchange);
      } else {
        Prediction prediction = predictions.get(m.group(1));
        if (prediction == null) {
          error(exchange, 404, "Prediction not found");
        } else {
          envelope(exchange, prediction.json(baseUrl()));
        }
      }
      return;
    }
    if (method.equals("POST") && path.startsWith("/api/v3/")) {
      submit(exchange, path.substring("/api/v3/".length()));
      return;
    }
    error(exchange, 404, "Not found");
  }

  private void submit(HttpExchange exchange, String model) throws IOException {
    WaveSpeedFault fault = submitFaults.take(f -> true).orElse(null);
    if (fault != null && fault.refuses()) {
      refuse(exchange, fault);
      return;
    }
    if (!IMAGE_TO_VIDEO.contains(model) && !model.equals(LIP_SYNC) && !model.equals(TEXT_LIP_SYNC)
        && !model.equals(FLUX_DEV)) {
      error(exchange, 404, "Model " + model + " not found");
      return;
    }
    byte[] raw = EmulatorHttp.body(exchange);
    JsonNode input;
    try {
      input = EmulatorHttp.JSON.readTree(raw);
    } catch (IOException e) {
      error(exchange, 400, "Request body is not valid JSON");
      return;
    }
    if (input == null || !input.isObject()) {
      error(exchange, 400, "Request body must be a JSON object");
      return;
    }
    String invalid = validate(model, input);
    if (invalid != null) {
      error(exchange, 400, invalid);
      return;
    }
    Prediction prediction = new Prediction(UUID.randomUUID().toString().replace("-", ""), model, input,
        webhook(exchange), options.clock().instant());
    predictions.put(prediction.id, prediction);
    runtime.submissions().accepted(Hmac.requestKey(model, raw), model, input);
    WaveSpeedFault ending = fault != null && fault.endsPrediction() ? fault : null;
    runtime.jobs().run(prediction::start, () -> outcome(prediction, ending), done -> {
      prediction.finish(done);
      sendWebhook(prediction);
    });
    EmulatorHttp.answerAccepted(exchange, fault, options.slowAnswer(), () -> envelope(exchange, prediction.json(baseUrl())));
  }

  private static String validate(String model, JsonNode input) {
    if (model.equals(FLUX_DEV)) {
      if (input.path("prompt").asText("").isBlank()) {
        return "prompt is required";
      }
      return !input.has("size") || SIZE.matcher(input.path("size").asText()).matches() ? null
          : "size must be \"<width>*<height>\"";
    }
    if (model.equals(LIP_SYNC)) {
      return !input.hasNonNull("video") ? "video is required" : !input.hasNonNull("audio") ? "audio is required" : null;
    }
    if (model.equals(TEXT_LIP_SYNC)) {
      SpokenLine.Problem problem = SpokenLine.check(input);
      return !input.hasNonNull("video") ? "video is required"
          : problem != null ? problem.field() + " " + problem.rule() : null;
    }
    if (input.path("prompt").asText("").isBlank()) {
      return "prompt is required";
    }
    if (!input.hasNonNull("image")) {
      return "image is required";
    }
    if (model.equals(START_END_FRAME) != input.hasNonNull("end_image")) {
      return model.equals(START_END_FRAME) ? "end_image is required" : "end_image is not a parameter of " + model;
    }
    if (input.hasNonNull("last_image") && !model.equals(TURBO_PRO)) {
      return "last_image is not a parameter of " + model;
    }
    // the docs' curl sends "5", the SDK an int: both are accepted (docs/providers.md §3.2)
    return !input.has("duration") || Set.of("5", "10").contains(input.path("duration").asText()) ? null
        : "duration must be 5 or 10";
  }

  /** What the prediction ends with: the injected failure, or real media. */
  private Prediction.Outcome outcome(Prediction prediction, WaveSpeedFault fault) {
    if (fault != null) {
      return new Prediction.Outcome(fault == WaveSpeedFault.PREDICTION_TIMEOUT ? "timeout" : "failed", null,
          fault.message, fault == WaveSpeedFault.PREDICTION_NSFW);
    }
    try {
      return new Prediction.Outcome("completed", baseUrl() + "/files/" + render(prediction), "", false);
    } catch (IOException | RuntimeException e) {
      LOG.warn("WaveSpeed emulator prediction {} failed: {}", prediction.id, e.getMessage());
      return new Prediction.Outcome("failed", null, "Inference failed: " + e.getMessage(), false);
    }
  }

  private String render(Prediction prediction) throws IOException {
    EmulatorMedia media = runtime.media();
    JsonNode input = prediction.input;
    if (prediction.model.equals(FLUX_DEV)) {
      Matcher size = SIZE.matcher(input.path("size").asText("1024*1024"));
      size.matches();
      return media.keyframe("wavespeed", input.path("prompt").asText(),
          Integer.parseInt(size.group(1)) & ~1, Integer.parseInt(size.group(2)) & ~1);
    }
    if (prediction.model.equals(TEXT_LIP_SYNC)) {
      return media.textLipSync(media.fetch(input.path("video").asText()), input.path("text").asText(),
          input.path("voice_speed").asDouble(1.0));
    }
    if (prediction.model.equals(LIP_SYNC)) {
      String audio = input.path("audio").asText();
      return media.lipSync(media.fetch(input.path("video").asText()), media.fetch(audio),
          EmulatorMedia.audioExtension(audio));
    }
    BufferedImage start = media.image(input.path("image").asText());
    String endField = prediction.model.equals(TURBO_PRO) ? "last_image" : "end_image";
    BufferedImage end = input.hasNonNull(endField) ? media.image(input.path(endField).asText()) : null;
    int seconds = Integer.parseInt(input.path("duration").asText("5"));
    return media.clip(start, end, seconds, options.fps(), options.clipMaxLongSide(), "wavespeed " + prediction.model);
  }

  private static String webhook(HttpExchange exchange) {
    return EmulatorHttp.query(exchange.getRequestURI().getRawQuery()).get("webhook");
  }

  /** The finished prediction without the envelope, signed (docs/providers.md §3.3). */
  private void sendWebhook(Prediction prediction) {
    if (prediction.webhook == null) {
      return;
    }
    runtime.webhooks().postJson(prediction.webhook, prediction.json(baseUrl()).set("input", prediction.input), body -> {
      String id = "wh_" + UUID.randomUUID();
      long timestamp = options.clock().instant().getEpochSecond();
      return EmulatorWebhooks.standardHeaders(id, timestamp, sign(id, timestamp, body));
    });
  }

  private void refuse(HttpExchange exchange, WaveSpeedFault fault) throws IOException {
    if (fault == WaveSpeedFault.RATE_LIMIT) {
      exchange.getResponseHeaders().set("Retry-After", String.valueOf(options.retryAfterSeconds()));
    }
    error(exchange, fault.httpStatus, fault.message);
  }

  private static void envelope(HttpExchange exchange, JsonNode data) throws IOException {
    ObjectNode body = EmulatorHttp.JSON.createObjectNode().put("code", 200).put("message", "success");
    body.set("data", data);
    EmulatorHttp.sendJson(exchange, 200, body);
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    ObjectNode body = EmulatorHttp.JSON.createObjectNode().put("code", status).put("message", message);
    body.putNull("data");
    EmulatorHttp.sendJson(exchange, status, body);
  }

  /** One prediction and its state; finished by the job scheduler, read by queries. */
  private static final class Prediction {

    record Outcome(String status, String output, String error, boolean nsfw) {}

    final String id;
    final String model;
    final JsonNode input;
    final String webhook;
    final Instant createdAt;
    private String status = "created";
    private Outcome outcome;
    private Instant startedAt;
    private Instant finishedAt;

    Prediction(String id, String model, JsonNode input, String webhook, Instant createdAt) {
      this.id = id;
      this.model = model;
      this.input = input;
      this.webhook = webhook;
      this.createdAt = createdAt;
    }

    synchronized boolean start() {
      status = "processing";
      startedAt = Instant.now();
      return true;
    }

    synchronized void finish(Outcome done) {
      outcome = done;
      status = done.status();
      finishedAt = Instant.now();
    }

    synchronized ObjectNode json(String base) {
      ObjectNode json = EmulatorHttp.JSON.createObjectNode();
      json.put("id", id);
      json.put("model", model);
      ArrayNode outputs = json.putArray("outputs");
      ArrayNode nsfw = json.putArray("has_nsfw_contents");
      if (outcome != null && outcome.output() != null) {
        outputs.add(outcome.output());
        nsfw.add(false);
      } else if (outcome != null && outcome.nsfw()) {
        nsfw.add(true);
      }
      json.putObject("urls").put("get", base + "/api/v3/predictions/" + id + "/result");
      json.put("status", status);
      json.put("created_at", createdAt.toString());
      json.put("error", outcome == null ? "" : outcome.error());
      long inference = startedAt == null || finishedAt == null ? 0
          : Duration.between(startedAt, finishedAt).toMillis();
      json.putObject("timings").put("inference", inference);
      return json;
    }
  }
}
