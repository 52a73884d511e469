package io.shotflow.emulator.replicate;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local server that speaks Replicate's prediction API (docs/providers.md §4): bearer auth, official-model creates at
 * {@code /v1/models/{owner}/{name}/predictions} with {@code Prefer: wait} (the answer is held until the prediction ends
 * or the wait runs out) and {@code Cancel-After} (a prediction still running at the deadline is {@code canceled}, one
 * never started {@code aborted}), {@code GET /v1/predictions/{id}}, cancel, the
 * {@code starting → processing → succeeded} machine, problem bodies with {@code Retry-After} on 429, Standard Webhooks
 * signed with the account's {@code whsec_} secret (served at {@code GET /v1/webhooks/default/secret}) honouring
 * {@code webhook_events_filter}, and real media from the local renderers. It serves {@code kwaivgi/kling-v2.1},
 * {@code kwaivgi/kling-v2.1-master}, {@code kwaivgi/kling-lip-sync} and {@code black-forest-labs/flux-dev}. Faults come
 * through {@link #onSubmit()} / {@link #onPrediction()} or {@code POST /emulator/faults}; {@link #submissions()} counts
 * created predictions per hash of model and body (Replicate has no client idempotency key).
 */
public final class ReplicateEmulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicateEmulator.class);
  private static final Pattern CREATE = Pattern.compile("^/v1/models/([^/]+/[^/]+)/predictions$");
  private static final Pattern PREDICTION = Pattern.compile("^/v1/predictions/([^/]+)(/cancel)?$");
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
  private static final Pattern PREFER_WAIT = Pattern.compile("^\\s*wait(?:\\s*=\\s*(\\d+))?\\s*$");
  private static final String KLING = "kwaivgi/kling-v2.1";
  private static final String KLING_MASTER = "kwaivgi/kling-v2.1-master";
  /** Kling 2.5 Turbo pro (§4.5): start_image, duration 5 or 10, no mode and no end frame published. */
  private static final String KLING_TURBO = "kwaivgi/kling-v2.5-turbo-pro";
  private static final String LIP_SYNC = "kwaivgi/kling-lip-sync";
  private static final String FLUX_DEV = "black-forest-labs/flux-dev";
  private static final Set<String> ASPECT_RATIOS =
      Set.of("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21");

  /**
   * Settings: latencies are real time; {@code keyframeLongSide} and {@code clipMaxLongSide} size the output (tests use
   * small ones); {@code slowAnswer} is how late {@link ReplicateFault#SLOW_ANSWER} answers; {@code retryAfterSeconds}
   * is what a 429 asks for; {@code clock} stamps webhooks and HTTP-date {@code Retry-After}s.
   */
  public record Options(String apiKey, String webhookSecret, int port, Duration queueLatency,
      Duration processingLatency, int keyframeLongSide, int clipMaxLongSide, int fps, Duration slowAnswer,
      int retryAfterSeconds, Clock clock, Path folder) {

    public static Options of(String apiKey) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      return new Options(apiKey, "whsec_" + Base64.getEncoder().encodeToString(key), 0, Duration.ofMillis(200),
          Duration.ofMillis(500), 1280, 1280, 24, Duration.ofSeconds(5), 1, Clock.systemUTC(), null);
    }

    public Options withPort(int p) {
      return new Options(apiKey, webhookSecret, p, queueLatency, processingLatency, keyframeLongSide, clipMaxLongSide,
          fps, slowAnswer, retryAfterSeconds, clock, folder);
    }

    public Options withLatency(Duration queue, Duration processing) {
      return new Options(apiKey, webhookSecret, port, queue, processing, keyframeLongSide, clipMaxLongSide, fps,
          slowAnswer, retryAfterSeconds, clock, folder);
    }

    public Options withSizes(int keyframeLong, int clipMaxLong) {
      return new Options(apiKey, webhookSecret, port, queueLatency, processingLatency, keyframeLong, clipMaxLong, fps,
          slowAnswer, retryAfterSeconds, clock, folder);
    }

    public Options withSlowAnswer(Duration d) {
      return new Options(apiKey, webhookSecret, port, queueLatency, processingLatency, keyframeLongSide,
          clipMaxLongSide, fps, d, retryAfterSeconds, clock, folder);
    }

    public Options withRetryAfterSeconds(int seconds) {
      return new Options(apiKey, webhookSecret, port, queueLatency, processingLatency, keyframeLongSide,
          clipMaxLongSide, fps, slowAnswer, seconds, clock, folder);
    }

    public Options withFolder(Path f) {
      return new Options(apiKey, webhookSecret, port, queueLatency, processingLatency, keyframeLongSide,
          clipMaxLongSide, fps, slowAnswer, retryAfterSeconds, clock, f);
    }
  }

  private final Options options;
  private final EmulatorRuntime runtime;
  private final Faults<ReplicateFault> submitFaults = new Faults<>();
  private final Faults<ReplicateFault> predictionFaults = new Faults<>();
  private final Map<String, Prediction> predictions = new ConcurrentHashMap<>();
  private volatile int listPageSize = 100;

  private ReplicateEmulator(Options options) throws IOException {
    this.options = options;
    this.runtime = EmulatorRuntime.start("replicate-emulator", "Replicate emulator", options.folder(), options.port(),
        options.queueLatency(), options.processingLatency(), this::handle);
  }

  public static ReplicateEmulator start(Options options) throws IOException {
    return new ReplicateEmulator(options);
  }

  public String baseUrl() {
    return runtime.baseUrl();
  }

  /** The account's webhook signing secret ({@code whsec_<base64>}). */
  public String webhookSecret() {
    return options.webhookSecret();
  }

  /** Faults for the next creates. */
  public Faults<ReplicateFault> onSubmit() {
    return submitFaults;
  }

  /** Faults for the next prediction reads. */
  public Faults<ReplicateFault> onPrediction() {
    return predictionFaults;
  }

  /** Created predictions per {@link Hmac#requestKey(String, byte[])} of the model and the raw body. */
  public SubmissionCounter submissions() {
    return runtime.submissions();
  }

  /**
   * The Standard Webhooks signature for a delivery: {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body}
   * keyed with the base64-decoded secret after {@code whsec_}.
   */
  public String sign(String webhookId, long timestamp, byte[] body) {
    byte[] key = Base64.getDecoder().decode(options.webhookSecret().substring("whsec_".length()));
    return "v1," + Base64.getEncoder().encodeToString(Hmac.sha256(key, webhookId + "." + timestamp + ".", body));
  }

  @Override
  public void close() {
    runtime.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (EmulatorRoutes.serve(exchange, runtime.media(), runtime.submissions(), ReplicateFault.class, "submit",
        Map.of("submit", submitFaults, "prediction", predictionFaults))) {
      return;
    }
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.equals("Bearer " + options.apiKey())) {
      refuse(exchange, ReplicateFault.UNAUTHORIZED);
      return;
    }
    if (method.equals("GET") && path.equals("/v1/webhooks/default/secret")) {
      EmulatorHttp.sendJson(exchange, 200, EmulatorHttp.JSON.createObjectNode().put("key", options.webhookSecret()));
      return;
    }
    if (method.equals("GET") && path.equals("/v1/predictions")) {
      list(exchange);
      return;
    }
    Matcher create = CREATE.matcher(path);
    if (method.equals("POST") && create.matches()) {
      submit(exchange, create.group(1));
      return;
    }
    Matcher m = PREDICTION.matcher(path);
    if (m.matches() && (method.equals("GET") && m.group(2) == null || method.equals("POST") && m.group(2) != null)) {
      ReplicateFault fault = predictionFaults.take(f -> !f.failsPrediction()).orElse(null);
      Prediction prediction = predictions.get(m.group(1));
      if (fault != null && fault.refuses()) {
        refuse(exchange, fault);
      } else if (fault == ReplicateFault.MALFORMED_JSON) {
        EmulatorHttp.sendMalformed(exchange);
      } else if (prediction == null) {
        problem(exchange, 404, "Not found", "The requested resource could not be found.");
      } else {
        if (m.group(2) != null) {
          prediction.cancel();
        }
        EmulatorHttp.sendJson(exchange, 200, prediction.json(baseUrl()));
      }
      return;
    }
    problem(exchange, 404, "Not found", "The requested resource could not be found.");
  }

  /**
   * {@code GET /v1/predictions}: the account's predictions, newest first, {@link #listPageSize} a page (100 at
   * Replicate), with {@code created_after} (at or after) and {@code created_before} (before) as ISO 8601, and
   * {@code next} the absolute URL of the following page or null (docs/providers.md §4.1).
   */
  private void list(HttpExchange exchange) throws IOException {
    Map<String, String> query = EmulatorHttp.query(exchange.getRequestURI().getRawQuery());
    Instant after;
    Instant before;
    int from;
    try {
      after = query.containsKey("created_after") ? Instant.parse(query.get("created_after")) : Instant.MIN;
      before = query.containsKey("created_before") ? Instant.parse(query.get("created_before")) : Instant.MAX;
      from = Integer.parseInt(query.getOrDefault("cursor", "0"));
    } catch (RuntimeException e) {
      problem(exchange, 400, "Invalid query", "created_after and created_before are ISO 8601 date-times");
      return;
    }
    List<Prediction> matching = predictions.values().stream()
        .filter(p -> !p.createdAt.isBefore(after) && p.createdAt.isBefore(before))
        .sorted(Comparator.comparing((Prediction p) -> p.createdAt).reversed())
        .toList();
    int pageSize = listPageSize;
    ObjectNode page = EmulatorHttp.JSON.createObjectNode();
    ArrayNode results = page.putArray("results");
    for (Prediction prediction : matching.subList(Math.min(from, matching.size()),
        Math.min(from + pageSize, matching.size()))) {
      results.add(prediction.json(baseUrl()).put("source", "api"));
    }
    if (from + pageSize < matching.size()) {
      StringBuilder next = new StringBuilder(baseUrl()).append("/v1/predictions?cursor=").append(from + pageSize);
      query.forEach((k, v) -> {
        if (!k.equals("cursor")) {
          next.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
      });
      page.put("next", next.toString());
    } else {
      page.putNull("next");
    }
    page.put("previous", from == 0 ? null : baseUrl() + "/v1/predictions?cursor=" + Math.max(0, from - pageSize));
    EmulatorHttp.sendJson(exchange, 200, page);
  }

  /** Predictions per list page; tests make it small to exercise paging. */
  public void listPageSize(int size) {
    this.listPageSize = Math.max(1, size);
  }

  private void submit(HttpExchange exchange, String model) throws IOException {
    ReplicateFault fault = submitFaults.take(f -> true).orElse(null);
    if (fault != null && fault.refuses()) {
      refuse(exchange, fault);
      return;
    }
    if (!Set.of(KLING, KLING_MASTER, KLING_TURBO, LIP_SYNC, FLUX_DEV).contains(model)) {
      problem(exchange, 404, "Not found", "The requested model " + model + " could not be found.");
      return;
    }
    byte[] raw = EmulatorHttp.body(exchange);
    JsonNode body;
    try {
      body = EmulatorHttp.JSON.readTree(raw);
    } catch (IOException e) {
      problem(exchange, 400, "Bad request", "The request body is not valid JSON.");
      return;
    }
    if (body == null || !body.path("input").isObject()) {
      invalid(exchange, "input", "input is required and must be an object");
      return;
    }
    String[] invalid = validate(model, body.path("input"));
    if (invalid != null) {
      invalid(exchange, invalid[0], invalid[1]);
      return;
    }
    Duration cancelAfter;
    try {
      cancelAfter = goDuration(exchange.getRequestHeaders().getFirst("Cancel-After"));
    } catch (IllegalArgumentException e) {
      problem(exchange, 400, "Invalid Cancel-After", e.getMessage());
      return;
    }
    Set<String> events = new HashSet<>();
    body.path("webhook_events_filter").forEach(e -> events.add(e.asText()));
    Prediction prediction = new Prediction(UUID.randomUUID().toString().replace("-", "").substring(0, 26), model,
        body.path("input"), body.path("webhook").asText(null), events.isEmpty()
            ? Set.of("start", "output", "logs", "completed") : events,
        Instant.now(), cancelAfter == null ? null : Instant.now().plus(cancelAfter));
    predictions.put(prediction.id, prediction);
    runtime.submissions().accepted(Hmac.requestKey(model, raw), model, body);
    ReplicateFault ending = fault != null && fault.failsPrediction() ? fault : null;
    runtime.jobs().run(() -> {
      boolean started = prediction.start();
      sendWebhook(prediction, started ? "start" : "completed");
      return started;
    }, () -> outcome(prediction, ending), done -> {
      prediction.finish(done);
      sendWebhook(prediction, "completed");
    });
    EmulatorHttp.answerAccepted(exchange, fault, options.slowAnswer(), () -> {
      holdFor(prediction, preferWait(exchange.getRequestHeaders().getFirst("Prefer")));
      EmulatorHttp.sendJson(exchange, 201, prediction.json(baseUrl()));
    });
  }

  /** {@code Prefer: wait} (60 s) or {@code wait=n} (capped at 60 s); zero without the header. */
  private static Duration preferWait(String header) {
    Matcher m = header == null ? null : PREFER_WAIT.matcher(header);
    if (m == null || !m.matches()) {
      return Duration.ZERO;
    }
    return Duration.ofSeconds(m.group(1) == null ? 60 : Math.min(60, Integer.parseInt(m.group(1))));
  }

  private static void holdFor(Prediction prediction, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline && !prediction.ended()) {
      EmulatorHttp.sleep(Math.min(50, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1));
    }
  }

  /** A Go-style duration ({@code 90s}, {@code 1h30m}) as {@code Cancel-After} carries it; null without the header. */
  static Duration goDuration(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    Matcher m = GO_DURATION.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      double amount = Double.parseDouble(m.group(1));
      long millis = Math.round(amount * switch (m.group(2)) {
        case "h" -> 3_600_000;
        case "m" -> 60_000;
        case "s" -> 1_000;
        default -> 1;
      });
      total = total.plusMillis(millis);
      end = m.end();
    }
    if (end == 0 || end != value.length()) {
      throw new IllegalArgumentException("Cancel-After must be a duration such as 90s, 5m or 1h30m, got " + value);
    }
    return total;
  }

  /** kwaivgi/kling-lip-sync's text form (docs/providers.md §4.2): the spoken line, and no audio_file beside it. */
  private static String[] validateText(JsonNode input) {
    SpokenLine.Problem problem = SpokenLine.check(input);
    if (problem != null) {
      return new String[] {problem.field(), problem.field() + " " + problem.rule()};
    }
    return input.has("audio_file") ? new String[] {"audio_file", "give audio_file or text, not both"} : null;
  }

  /** {@code [field, message]} of the first invalid input, or null. */
  private static String[] validate(String model, JsonNode input) {
    switch (model) {
      case FLUX_DEV -> {
        if (input.path("prompt").asText("").isBlank()) {
          return new String[] {"prompt", "prompt is required"};
        }
        if (input.has("aspect_ratio") && !ASPECT_RATIOS.contains(input.path("aspect_ratio").asText())) {
          return new String[] {"aspect_ratio", "aspect_ratio must be one of " + ASPECT_RATIOS};
        }
        int n = input.path("num_outputs").asInt(1);
        return n < 1 || n > 4 ? new String[] {"num_outputs", "num_outputs must be 1..4"} : null;
      }
      case LIP_SYNC -> {
        if (!input.hasNonNull("video_url")) {
          return new String[] {"video_url", "the emulator needs video_url"};
        }
        if (input.has("text")) {
          return validateText(input);
        }
        return input.hasNonNull("audio_file") ? null : new String[] {"audio_file", "audio_file or text is required"};
      }
      default -> {
        if (input.path("prompt").asText("").isBlank()) {
          return new String[] {"prompt", "prompt is required"};
        }
        if (!input.hasNonNull("start_image")) {
          return new String[] {"start_image", model.equals(KLING) ? "start_image is required"
              : "the emulator needs start_image"};
        }
        JsonNode duration = input.path("duration");
        if (!duration.isMissingNode() && !(duration.isInt() && (duration.asInt() == 5 || duration.asInt() == 10))) {
          return new String[] {"duration", "duration must be one of the following: 5, 10"};
        }
        if (model.equals(KLING_MASTER) || model.equals(KLING_TURBO)) {
          return input.has("end_image") ? new String[] {"end_image", model + " takes no end_image"} : null;
        }
        String mode = input.path("mode").asText("standard");
        if (!mode.equals("standard") && !mode.equals("pro")) {
          return new String[] {"mode", "mode must be one of the following: standard, pro"};
        }
        return input.hasNonNull("end_image") && !mode.equals("pro")
            ? new String[] {"end_image", "pro mode is required when this parameter is set"} : null;
      }
    }
  }

  private Prediction.Outcome outcome(Prediction prediction, ReplicateFault fault) {
    if (fault != null) {
      return new Prediction.Outcome(null, fault.detail);
    }
    try {
      return new Prediction.Outcome(render(prediction), null);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Replicate emulator prediction {} failed: {}", prediction.id, e.getMessage());
      return new Prediction.Outcome(null, "Prediction failed: " + e.getMessage());
    }
  }

  private JsonNode render(Prediction prediction) throws IOException {
    EmulatorMedia media = runtime.media();
    JsonNode input = prediction.input;
    String files = baseUrl() + "/files/";
    switch (prediction.model) {
      case FLUX_DEV -> {
        int[] size = size(input.path("aspect_ratio").asText("1:1"), options.keyframeLongSide());
        ArrayNode output = EmulatorHttp.JSON.createArrayNode();
        for (int i = 0; i < input.path("num_outputs").asInt(1); i++) {
          output.add(files + media.keyframe("replicate-" + i, input.path("prompt").asText(), size[0], size[1]));
        }
        return output;
      }
      case LIP_SYNC -> {
        if (input.has("text")) {
          return EmulatorHttp.JSON.getNodeFactory().textNode(files + media.textLipSync(
              media.fetch(input.path("video_url").asText()), input.path("text").asText(),
              input.path("voice_speed").asDouble(1.0)));
        }
        String audio = input.path("audio_file").asText();
        return EmulatorHttp.JSON.getNodeFactory().textNode(files + media.lipSync(
            media.fetch(input.path("video_url").asText()), media.fetch(audio), EmulatorMedia.audioExtension(audio)));
      }
      default -> {
        BufferedImage start = media.image(input.path("start_image").asText());
        BufferedImage end = input.hasNonNull("end_image") ? media.image(input.path("end_image").asText()) : null;
        String name = media.clip(start, end, input.path("duration").asInt(5), options.fps(), options.clipMaxLongSide(),
            "replicate " + prediction.model);
        return EmulatorHttp.JSON.getNodeFactory().textNode(files + name);
      }
    }
  }

  private static int[] size(String aspectRatio, int longSide) {
    String[] parts = aspectRatio.split(":");
    double w = Double.parseDouble(parts[0]);
    double h = Double.parseDouble(parts[1]);
    return w >= h
        ? new int[] {longSide & ~1, ((int) Math.round(longSide * h / w)) & ~1}
        : new int[] {((int) Math.round(longSide * w / h)) & ~1, longSide & ~1};
  }

  /** The prediction, signed the Standard Webhooks way, when its webhook asked for this event (docs/providers.md §4.3). */
  private void sendWebhook(Prediction prediction, String event) {
    if (prediction.webhook == null || !prediction.events.contains(event)) {
      return;
    }
    runtime.webhooks().postJson(prediction.webhook, prediction.json(baseUrl()), body -> {
      String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
      long timestamp = options.clock().instant().getEpochSecond();
      return EmulatorWebhooks.standardHeaders(id, timestamp, sign(id, timestamp, body));
    });
  }

  private void refuse(HttpExchange exchange, ReplicateFault fault) throws IOException {
    String detail = fault.detail;
    if (fault == ReplicateFault.RATE_LIMIT) {
      exchange.getResponseHeaders().set("Retry-After", String.valueOf(options.retryAfterSeconds()));
      detail = String.format(detail, options.retryAfterSeconds());
    } else if (fault == ReplicateFault.RATE_LIMIT_HTTP_DATE) {
      Instant at = options.clock().instant().plusSeconds(options.retryAfterSeconds());
      exchange.getResponseHeaders().set("Retry-After",
          DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC)));
      detail = String.format(detail, options.retryAfterSeconds());
    }
    problem(exchange, fault.httpStatus, fault.title, detail);
  }

  private static void invalid(HttpExchange exchange, String field, String description) throws IOException {
    ObjectNode body = problemBody(422, "Input validation failed", "- input." + field + ": " + description);
    body.putArray("invalid_fields").addObject().put("type", "invalid").put("field", "input." + field)
        .put("description", description);
    send(exchange, 422, body);
  }

  private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
    send(exchange, status, problemBody(status, title, detail));
  }

  private static ObjectNode problemBody(int status, String title, String detail) {
    return EmulatorHttp.JSON.createObjectNode().put("title", title).put("detail", detail).put("status", status);
  }

  private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    EmulatorHttp.send(exchange, status, "application/problem+json", EmulatorHttp.JSON.writeValueAsBytes(body));
  }

  /** One prediction and its state; the {@code Cancel-After} deadline is applied whenever the state is read. */
  private static final class Prediction {

    record Outcome(JsonNode output, String error) {}

    final String id;
    final String model;
    final JsonNode input;
    final String webhook;
    final Set<String> events;
    final Instant createdAt;
    final Instant deadline;
    private String status = "starting";
    private JsonNode output;
    private String error;
    private Instant startedAt;
    private Instant completedAt;

    Prediction(String id, String model, JsonNode input, String webhook, Set<String> events, Instant createdAt,
        Instant deadline) {
      this.id = id;
      this.model = model;
      this.input = input;
      this.webhook = webhook;
      this.events = events;
      this.createdAt = createdAt;
      this.deadline = deadline;
    }

    /** Moves to processing; false when the prediction already ended (cancelled, or aborted by its deadline). */
    synchronized boolean start() {
      applyDeadline();
      if (ended()) {
        return false;
      }
      status = "processing";
      startedAt = Instant.now();
      return true;
    }

    synchronized void finish(Outcome done) {
      applyDeadline();
      if (ended()) {
        return;
      }
      output = done.output();
      error = done.error();
      status = done.error() == null ? "succeeded" : "failed";
      completedAt = Instant.now();
    }

    synchronized void cancel() {
      if (!ended()) {
        status = "canceled";
        completedAt = Instant.now();
      }
    }

    synchronized boolean ended() {
      applyDeadline();
      return !status.equals("starting") && !status.equals("processing");
    }

    private void applyDeadline() {
      if (deadline != null && Instant.now().isAfter(deadline)) {
        if (status.equals("starting")) {
          status = "aborted";
          completedAt = deadline;
        } else if (status.equals("processing")) {
          status = "canceled";
          completedAt = deadline;
        }
      }
    }

    synchronized ObjectNode json(String base) {
      applyDeadline();
      ObjectNode json = EmulatorHttp.JSON.createObjectNode();
      json.put("id", id);
      json.put("model", model);
      json.put("version", "emulator");
      json.set("input", input);
      json.put("logs", "");
      json.set("output", output);
      json.put("error", error);
      json.put("status", status);
      json.put("created_at", createdAt.toString());
      json.put("started_at", startedAt == null ? null : startedAt.toString());
      json.put("completed_at", completedAt == null ? null : completedAt.toString());
      json.put("data_removed", false);
      json.putObject("urls").put("get", base + "/v1/predictions/" + id)
          .put("cancel", base + "/v1/predictions/" + id + "/cancel")
          .put("web", base + "/p/" + id);
      if (startedAt != null && completedAt != null) {
        json.putObject("metrics").put("predict_time", Duration.between(startedAt, completedAt).toMillis() / 1000.0)
            .put("total_time", Duration.between(createdAt, completedAt).toMillis() / 1000.0);
      }
      return json;
    }
  }
}
