package io.shotflow.emulator.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.shotflow.emulator.common.EmulatorHttp;
import io.shotflow.emulator.common.EmulatorMedia;
import io.shotflow.emulator.common.EmulatorRoutes;
import io.shotflow.emulator.common.EmulatorRuntime;
import io.shotflow.emulator.common.Faults;
import io.shotflow.emulator.common.Hmac;
import io.shotflow.emulator.common.SubmissionCounter;
import io.shotflow.activities.media.MediaProbe;
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
 * A local server that speaks Sync.so's v2 generate API (docs/providers.md §5.1): {@code x-api-key} auth,
 * {@code POST /v2/generate} with URL inputs (no inline data) and {@code webhookUrl}, {@code GET /v2/generate/{id}}, the
 * {@code PENDING → PROCESSING → COMPLETED} machine (or {@code FAILED} / {@code REJECTED} with an {@code errorCode}),
 * 429 with {@code Retry-After} when the plan's concurrency is full (Sync rejects rather than queues), webhooks signed
 * {@code Sync-Signature: t=<unix>,v1=<hex>}, and real lip-synced media from the local renderer with its
 * {@code outputDuration}. Faults come through {@link #onSubmit()} / {@link #onPoll()} or {@code POST /emulator/faults};
 * {@link #submissions()} counts created generations per hash of the body. An {@code Idempotency-Key} (1–128 of
 * {@code [A-Za-z0-9._~-]}, else 400 {@code INVALID_IDEMPOTENCY_KEY}) binds the generation it created: the same key with
 * the same body answers that generation again (200, nothing created), with another body 422
 * {@code IDEMPOTENCY_KEY_REUSED} [I: Sync documents the key and the malformed-key error; the replay's status and the
 * conflict's status and code were not captured].
 */
public final class SyncEmulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SyncEmulator.class);
  private static final Pattern GENERATION = Pattern.compile("^/v2/generate/([^/]+)$");
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[A-Za-z0-9._~-]{1,128}$");
  private static final Set<String> MODELS = Set.of("lipsync-2", "lipsync-2-pro", "sync-3", "lipsync-1.9.0-beta");
  private static final Set<String> SYNC_MODES = Set.of("cut_off", "bounce", "loop", "silence", "remap");

  /**
   * Settings: latencies are real time; {@code concurrency} is the plan's limit of running generations (Hobbyist 1,
   * Creator 3, Growth 6, Scale 15); {@code slowAnswer} is how late {@link SyncFault#SLOW_ANSWER} answers;
   * {@code retryAfterSeconds} is what a 429 asks for; {@code clock} stamps webhooks.
   */
  public record Options(String apiKey, String webhookSecret, int port, Duration queueLatency,
      Duration processingLatency, int concurrency, Duration slowAnswer, int retryAfterSeconds, Clock clock,
      Path folder) {

    public static Options of(String apiKey) {
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      return new Options(apiKey, "whsec_" + HexFormat.of().formatHex(random), 0, Duration.ofMillis(200),
          Duration.ofMillis(500), 3, Duration.ofSeconds(5), 1, Clock.systemUTC(), null);
    }

    public Options withPort(int p) {
      return new Options(apiKey, webhookSecret, p, queueLatency, processingLatency, concurrency, slowAnswer,
          retryAfterSeconds, clock, folder);
    }

    public Options withLatency(Duration queue, Duration processing) {
      return new Options(apiKey, webhookSecret, port, queue, processing, concurrency, slowAnswer, retryAfterSeconds,
          clock, folder);
    }

    public Options withConcurrency(int n) {
      return new Options(apiKey, webhookSecret, port, queueLatency, processingLatency, n, slowAnswer,
          retryAfterSeconds, clock, folder);
    }

    public Options withSlowAnswer(Duration d) {
      return new Options(apiKey, webhookSecret, port, queueLatency, processingLatency, concurrency, d,
          retryAfterSeconds, clock, folder);
    }

    public Options withRetryAfterSeconds(int seconds) {
      return new Options(apiKey, webhookSecret, port, queueLatency, processingLatency, concurrency, slowAnswer, seconds,
          clock, folder);
    }

    public Options withFolder(Path f) {
      return new Options(apiKey, webhookSecret, port, queueLatency, processingLatency, concurrency, slowAnswer,
          retryAfterSeconds, clock, f);
    }
  }

  private final Options options;
  private final EmulatorRuntime runtime;
  private final Faults<SyncFault> submitFaults = new Faults<>();
  private final Faults<SyncFault> pollFaults = new Faults<>();
  private final Map<String, Generation> generations = new ConcurrentHashMap<>();
  /** Generations by the {@code Idempotency-Key} that created them. */
  private final Map<String, Generation> generationByKey = new ConcurrentHashMap<>();

  private SyncEmulator(Options options) throws IOException {
    this.options = options;
    this.runtime = EmulatorRuntime.start("sync-emulator", "Sync.so emulator", options.folder(), options.port(),
        options.queueLatency(), options.processingLatency(), this::handle);
  }

  public static SyncEmulator start(Options options) throws IOException {
    return new SyncEmulator(options);
  }

  public String baseUrl() {
    return runtime.baseUrl();
  }

  /** The account's webhook secret ({@code whsec_…}). */
  public String webhookSecret() {
    return options.webhookSecret();
  }

  /** Faults for the next generate calls. */
  public Faults<SyncFault> onSubmit() {
    return submitFaults;
  }

  /** Faults for the next generation reads. */
  public Faults<SyncFault> onPoll() {
    return pollFaults;
  }

  /** Created generations per {@link Hmac#requestKey(String, byte[])} of the path and the raw body. */
  public SubmissionCounter submissions() {
    return runtime.submissions();
  }

  /**
   * The {@code Sync-Signature} value for a delivery: {@code t=<unix>,v1=<hex>} with the HMAC-SHA256 of
   * {@code <t>.<body>} keyed with the whole {@code whsec_…} secret as UTF-8. Sync documents only "a signature hash of
   * the timestamp and the payload"; this exact string and key handling are inferred (docs/providers.md §5.1, §6) and the
   * receiver checks the same scheme.
   */
  public String sign(long timestamp, byte[] body) {
    byte[] key = options.webhookSecret().getBytes(StandardCharsets.UTF_8);
    return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(Hmac.sha256(key, timestamp + ".", body));
  }

  @Override
  public void close() {
    runtime.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (EmulatorRoutes.serve(exchange, runtime.media(), runtime.submissions(), SyncFault.class, "submit",
        Map.of("submit", submitFaults, "poll", pollFaults))) {
      return;
    }
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (!options.apiKey().equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
      refuse(exchange, SyncFault.UNAUTHORIZED);
      return;
    }
    if (method.equals("POST") && path.equals("/v2/generate")) {
      submit(exchange);
      return;
    }
    Matcher m = GENERATION.matcher(path);
    if (method.equals("GET") && m.matches()) {
      SyncFault fault = pollFaults.take(f -> !f.endsGeneration()).orElse(null);
      Generation generation = generations.get(m.group(1));
      if (fault != null && fault.refuses()) {
        refuse(exchange, fault);
      } else if (fault == SyncFault.MALFORMED_JSON) {
        EmulatorHttp.sendMalformed(exchange);
      } else if (generation == null) {
        error(exchange, 404, "Not Found", "Generation not found");
      } else {
        EmulatorHttp.sendJson(exchange, 200, generation.json());
      }
      return;
    }
    error(exchange, 404, "Not Found", "Cannot " + method + " " + path);
  }

  private void submit(HttpExchange exchange) throws IOException {
    SyncFault fault = submitFaults.take(f -> true).orElse(null);
    if (fault != null && fault.refuses()) {
      refuse(exchange, fault);
      return;
    }
    byte[] raw = EmulatorHttp.body(exchange);
    JsonNode body;
    try {
      body = EmulatorHttp.JSON.readTree(raw);
    } catch (IOException e) {
      error(exchange, 400, "Bad Request", "body is not valid JSON");
      return;
    }
    String invalid = body == null || !body.isObject() ? "body must be a JSON object" : validate(body);
    if (invalid != null) {
      error(exchange, 400, "Bad Request", invalid);
      return;
    }
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
      error(exchange, 400, "Bad Request", "Idempotency-Key must be 1-128 characters of [A-Za-z0-9._~-]",
          "INVALID_IDEMPOTENCY_KEY");
      return;
    }
    Generation generation;
    boolean replay = false;
    synchronized (this) {
      Generation earlier = key == null ? null : generationByKey.get(key);
      if (earlier != null) {
        if (!earlier.request.equals(body)) {
          error(exchange, 422, "Unprocessable Entity", "Idempotency-Key " + key + " was used with a different body",
              "IDEMPOTENCY_KEY_REUSED");
          return;
        }
        generation = earlier;
        replay = true;
      } else {
        long running = generations.values().stream().filter(Generation::running).count();
        if (running >= options.concurrency()) {
          refuse(exchange, SyncFault.CONCURRENCY_LIMIT);
          return;
        }
        generation = new Generation(UUID.randomUUID().toString(), body, Instant.now());
        generations.put(generation.id, generation);
        if (key != null) {
          generationByKey.put(key, generation);
        }
      }
    }
    if (!replay) {
      runtime.submissions().accepted(Hmac.requestKey("/v2/generate", raw), "/v2/generate", body);
      SyncFault ending = fault != null && fault.endsGeneration() ? fault : null;
      Generation created = generation;
      runtime.jobs().run(created::start, () -> outcome(created, ending), done -> {
        created.finish(done);
        sendWebhook(created);
      });
    }
    int status = replay ? 200 : 201;
    Generation answered = generation;
    EmulatorHttp.answerAccepted(exchange, fault, options.slowAnswer(),
        () -> EmulatorHttp.sendJson(exchange, status, answered.json()));
  }

  private static String validate(JsonNode body) {
    if (!MODELS.contains(body.path("model").asText())) {
      return "model must be one of " + MODELS;
    }
    JsonNode input = body.path("input");
    if (!input.isArray()) {
      return "input must be an array";
    }
    int videos = 0;
    int audios = 0;
    for (JsonNode item : input) {
      String url = item.path("url").asText("");
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        return "input url must be an http(s) URL";
      }
      switch (item.path("type").asText()) {
        case "video" -> videos++;
        case "audio" -> audios++;
        default -> {
          return "input type must be video or audio (the emulator takes no text input)";
        }
      }
    }
    if (videos != 1 || audios != 1) {
      return "input must contain exactly one video and one audio";
    }
    String mode = body.path("options").path("sync_mode").asText("cut_off");
    return SYNC_MODES.contains(mode) ? null : "options.sync_mode must be one of " + SYNC_MODES;
  }

  private Generation.Outcome outcome(Generation generation, SyncFault fault) {
    EmulatorMedia media = runtime.media();
    if (fault != null) {
      return new Generation.Outcome(fault.error, null, 0, fault.message, fault.errorCode);
    }
    try {
      String video = null;
      String audio = null;
      for (JsonNode item : generation.request.path("input")) {
        if (item.path("type").asText().equals("video")) {
          video = item.path("url").asText();
        } else {
          audio = item.path("url").asText();
        }
      }
      String name = media.lipSync(media.fetch(video), media.fetch(audio), EmulatorMedia.audioExtension(audio));
      double seconds = MediaProbe.probe(media.file(name)).durationSeconds();
      return new Generation.Outcome("COMPLETED", baseUrl() + "/files/" + name, seconds, null, null);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Sync.so emulator generation {} failed: {}", generation.id, e.getMessage());
      return new Generation.Outcome("FAILED", null, 0, "Generation failed: " + e.getMessage(), "generation_failed");
    }
  }

  private void sendWebhook(Generation generation) {
    String url = generation.request.path("webhookUrl").asText("");
    if (url.isEmpty()) {
      return;
    }
    runtime.webhooks().postJson(url, generation.json(),
        body -> Map.of("Sync-Signature", sign(options.clock().instant().getEpochSecond(), body)));
  }

  private void refuse(HttpExchange exchange, SyncFault fault) throws IOException {
    if (fault.httpStatus == 429) {
      exchange.getResponseHeaders().set("Retry-After", String.valueOf(options.retryAfterSeconds()));
    }
    error(exchange, fault.httpStatus, fault.error, fault.message);
  }

  private static void error(HttpExchange exchange, int status, String error, String message) throws IOException {
    EmulatorHttp.sendJson(exchange, status, EmulatorHttp.JSON.createObjectNode()
        .put("statusCode", status).put("message", message).put("error", error));
  }

  private static void error(HttpExchange exchange, int status, String error, String message, String code)
      throws IOException {
    EmulatorHttp.sendJson(exchange, status, EmulatorHttp.JSON.createObjectNode()
        .put("statusCode", status).put("message", message).put("error", error).put("code", code));
  }

  /** One generation and its state; finished by the job scheduler, read by polls. */
  private static final class Generation {

    record Outcome(String status, String outputUrl, double outputDuration, String error, String errorCode) {}

    final String id;
    final JsonNode request;
    final Instant createdAt;
    private String status = "PENDING";
    private Outcome outcome;

    Generation(String id, JsonNode request, Instant createdAt) {
      this.id = id;
      this.request = request;
      this.createdAt = createdAt;
    }

    synchronized boolean running() {
      return status.equals("PENDING") || status.equals("PROCESSING");
    }

    synchronized boolean start() {
      status = "PROCESSING";
      return true;
    }

    synchronized void finish(Outcome done) {
      outcome = done;
      status = done.status();
    }

    synchronized ObjectNode json() {
      ObjectNode json = EmulatorHttp.JSON.createObjectNode();
      json.put("id", id);
      json.put("createdAt", createdAt.toString());
      json.put("status", status);
      json.put("model", request.path("model").asText());
      json.set("input", request.path("input"));
      json.set("options", request.path("options").isObject() ? request.path("options")
          : EmulatorHttp.JSON.createObjectNode());
      json.put("webhookUrl", request.path("webhookUrl").asText(null));
      json.put("outputUrl", outcome == null ? null : outcome.outputUrl());
      if (outcome != null && outcome.outputUrl() != null) {
        json.put("outputDuration", outcome.outputDuration());
      } else {
        json.putNull("outputDuration");
      }
      json.put("error", outcome == null ? null : outcome.error());
      json.put("errorCode", outcome == null ? null : outcome.errorCode());
      return json;
    }
  }
}
