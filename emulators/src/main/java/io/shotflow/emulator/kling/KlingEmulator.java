package io.shotflow.emulator.kling;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.shotflow.emulator.common.EmulatorHttp;
import io.shotflow.emulator.common.EmulatorWebhooks;
import io.shotflow.emulator.common.EmulatorMedia;
import io.shotflow.emulator.common.EmulatorTraffic;
import io.shotflow.emulator.common.Faults;
import io.shotflow.emulator.common.SpokenLine;
import io.shotflow.emulator.common.SubmissionCounter;
import io.shotflow.emulator.common.VoiceLibrary;
import io.shotflow.activities.media.MediaProbe;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local server that speaks the Kling official API (docs/providers.md §1): JWT checks, the {@code code/message/data}
 * envelope, text-to-image, image-to-video (with the capability rules of each model), omni-video (Kling O1 and Kling
 * 3.0 Omni, with reference images checked against Kling's limits and kept in {@link #referenceImages()}), video-extend
 * of v1.x videos (the answer is the whole extended video), legacy lip-sync in audio2video and text2video mode, queries by task id or
 * {@code external_task_id}, the {@code submitted → processing → succeed} status machine, callbacks with the bare task
 * object, and real media from the local renderers. Faults are injected through {@link #onSubmit()} and
 * {@link #onQuery()} or {@code POST /emulator/faults}; {@link #submissions()} counts accepted tasks per
 * {@code external_task_id}; {@link #traffic()} reports each step as it happens and can hold submit answers or slow
 * downloads.
 */
public final class KlingEmulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KlingEmulator.class);
  private static final Pattern QUERY = Pattern.compile(
      "^(/v1/(?:images/generations|videos/image2video|videos/omni-video|videos/lip-sync|videos/video-extend))/([^/]+)$");
  private static final String OMNI_VIDEO = "/v1/videos/omni-video";
  private static final Set<String> CREATE_PATHS = Set.of("/v1/images/generations", "/v1/videos/image2video", OMNI_VIDEO,
      "/v1/videos/lip-sync", "/v1/videos/video-extend");
  private static final Set<String> ASPECT_RATIOS = Set.of("16:9", "9:16", "1:1", "4:3", "3:4", "3:2", "2:3", "21:9");
  private static final Set<String> IMAGE_MODELS = Set.of("kling-v1", "kling-v1-5", "kling-v2", "kling-v2-1");
  /**
   * Kling's capability map for the video models it serves here (docs/providers.md §1.6, §1.13): the modes, the
   * durations, the modes that take an end frame (image_tail), whether it makes sound ({@code sound: on}) and whether
   * also with an end frame (2.6: start and end frame silent only), and the units
   * one second costs per mode (2.1, 1.6 and 2.5 Turbo from the price list; 2.6, 3.0 and O1 unpublished: fal's prices at
   * $0.14 a unit [I]).
   */
  private record VideoModel(Set<String> durations, Set<String> tailModes, boolean sound, boolean soundWithTail,
      Map<String, Double> unitsPerSecond) {}

  private static final Set<String> FIVE_OR_TEN = Set.of("5", "10");
  private static final Set<String> THREE_TO_FIFTEEN =
      Set.of("3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15");
  private static final Map<String, VideoModel> VIDEO_MODELS = Map.of(
      "kling-v2-1", new VideoModel(FIVE_OR_TEN, Set.of("pro"), false, false, Map.of("std", 0.4, "pro", 0.7)),
      "kling-v2-1-master", new VideoModel(FIVE_OR_TEN, Set.of(), false, false, Map.of("std", 2.0, "pro", 2.0)),
      "kling-v1-6", new VideoModel(FIVE_OR_TEN, Set.of("pro"), false, false, Map.of("std", 0.4, "pro", 0.7)),
      "kling-v2-5-turbo", new VideoModel(FIVE_OR_TEN, Set.of("pro"), false, false, Map.of("std", 0.3, "pro", 0.5)),
      "kling-v2-6", new VideoModel(FIVE_OR_TEN, Set.of("pro"), true, false, Map.of("std", 0.5, "pro", 0.5)),
      "kling-v3", new VideoModel(THREE_TO_FIFTEEN, Set.of("std", "pro"), true, true, Map.of("std", 1.2, "pro", 1.6)),
      // Kling 3.0 Omni (omni-video only): 3.0's durations and sound, deducting 3.0's units [I: §1.13]
      "kling-v3-omni",
      new VideoModel(THREE_TO_FIFTEEN, Set.of("std", "pro"), true, true, Map.of("std", 1.2, "pro", 1.6)),
      "kling-video-o1",
      new VideoModel(THREE_TO_FIFTEEN, Set.of("std", "pro"), false, false, Map.of("std", 0.8, "pro", 0.8)));
  /**
   * Units a second with {@code sound: on} (docs/providers.md §1.13 [I]: fal's audio prices at $0.14 a unit): 2.6 pro
   * 1, 3.0 std 1.8 and pro 2.4.
   */
  private static final Map<String, Map<String, Double>> SOUND_UNITS_PER_SECOND = Map.of(
      "kling-v2-6", Map.of("std", 1.0, "pro", 1.0),
      "kling-v3", Map.of("std", 1.8, "pro", 2.4),
      "kling-v3-omni", Map.of("std", 1.8, "pro", 2.4));
  /**
   * Units a second with a voice bound ({@code voice_list} named in the prompt; docs/providers.md §1.13 [I]: fal's
   * voice-control price at $0.14 a unit): 2.6 pro 1.2. The capability map lists voice control for kling-v2-6 in pro
   * mode only (❌ for kling-v3, kling-v3-omni and O1).
   */
  private static final Map<String, Map<String, Double>> VOICE_UNITS_PER_SECOND = Map.of(
      "kling-v2-6", Map.of("pro", 1.2));
  /** The models only omni-video serves (docs/providers.md §1.13). */
  private static final Set<String> OMNI_MODELS = Set.of("kling-video-o1", "kling-v3-omni");
  /** Images and elements one omni-video request may carry without a reference video (docs/providers.md §1.13). */
  private static final int OMNI_MAX_IMAGES = 7;
  /** Input image rules (docs/providers.md §1.6): jpg/png, at most 10 MB, sides at least 300 px, aspect 1:2.5-2.5:1. */
  private static final long MAX_IMAGE_BYTES = 10L * 1024 * 1024;
  private static final int MIN_IMAGE_SIDE = 300;
  private static final Pattern IMAGE_NAME = Pattern.compile("<<<image_(\\d+)>>>");
  /** The source models video-extend takes (docs/providers.md §1.7). */
  private static final Set<String> EXTENDABLE_MODELS = Set.of("kling-v1", "kling-v1-5", "kling-v1-6");
  /** Seconds one extension adds ("4 to 5"), and the longest extended video. */
  private static final int EXTENSION_SECONDS = 5;
  private static final double MAX_EXTENDED_SECONDS = 180;
  /** Image-pack units per generated image (v2.1 t2i ≈ 4 image units, docs/providers.md §1.12). */
  private static final double IMAGE_UNITS = 4;

  /**
   * Settings. Latencies are real time; {@code clock} is what JWTs are checked against; {@code keyframeLongSide} and
   * {@code clipMaxLongSide} size the output (tests use small ones); {@code slowAnswer} is how late
   * {@link KlingFault#SLOW_ANSWER} answers.
   */
  public record Options(
      String accessKey, String secretKey, int port, Duration queueLatency, Duration processingLatency,
      int concurrency, int keyframeLongSide, int clipMaxLongSide, int fps, Duration slowAnswer, Clock clock,
      Path folder) {

    public static Options of(String accessKey, String secretKey) {
      return new Options(accessKey, secretKey, 0, Duration.ofMillis(200), Duration.ofMillis(500), 20, 1280, 1280, 24,
          Duration.ofSeconds(5), Clock.systemUTC(), null);
    }

    public Options withPort(int p) {
      return new Options(accessKey, secretKey, p, queueLatency, processingLatency, concurrency, keyframeLongSide,
          clipMaxLongSide, fps, slowAnswer, clock, folder);
    }

    public Options withLatency(Duration queue, Duration processing) {
      return new Options(accessKey, secretKey, port, queue, processing, concurrency, keyframeLongSide,
          clipMaxLongSide, fps, slowAnswer, clock, folder);
    }

    public Options withConcurrency(int n) {
      return new Options(accessKey, secretKey, port, queueLatency, processingLatency, n, keyframeLongSide,
          clipMaxLongSide, fps, slowAnswer, clock, folder);
    }

    public Options withSizes(int keyframeLong, int clipMaxLong) {
      return new Options(accessKey, secretKey, port, queueLatency, processingLatency, concurrency, keyframeLong,
          clipMaxLong, fps, slowAnswer, clock, folder);
    }

    public Options withSlowAnswer(Duration d) {
      return new Options(accessKey, secretKey, port, queueLatency, processingLatency, concurrency, keyframeLongSide,
          clipMaxLongSide, fps, d, clock, folder);
    }

    public Options withClock(Clock c) {
      return new Options(accessKey, secretKey, port, queueLatency, processingLatency, concurrency, keyframeLongSide,
          clipMaxLongSide, fps, slowAnswer, c, folder);
    }

    public Options withFolder(Path f) {
      return new Options(accessKey, secretKey, port, queueLatency, processingLatency, concurrency, keyframeLongSide,
          clipMaxLongSide, fps, slowAnswer, clock, f);
    }
  }

  private final Options options;
  private final EmulatorMedia media;
  private final EmulatorHttp.Started http;
  private final ScheduledThreadPoolExecutor scheduler;
  private final EmulatorWebhooks callbacks = new EmulatorWebhooks("Kling emulator");
  private final Faults<KlingFault> submitFaults = new Faults<>();
  private final Faults<KlingFault> queryFaults = new Faults<>();
  private final SubmissionCounter submissions = new SubmissionCounter();
  private final Map<String, KlingTask> tasks = new ConcurrentHashMap<>();
  private final Map<String, String> taskIdByExternalId = new ConcurrentHashMap<>();
  /** Output file name → the task that made it, so a download is known as that task's. */
  private final Map<String, String> taskIdByFile = new ConcurrentHashMap<>();
  private final EmulatorTraffic traffic = new EmulatorTraffic();
  /** Video id → the task that made it, with its file, model and mode (lip-sync and video-extend take {@code video_id}). */
  private final Map<String, KlingTask> videos = new ConcurrentHashMap<>();
  private final Set<String> tokensSeen = ConcurrentHashMap.newKeySet();
  private final List<LipSyncCall> lipSyncCalls = new CopyOnWriteArrayList<>();
  private final List<ReferenceImage> referenceImages = new CopyOnWriteArrayList<>();
  private final VoiceLibrary voices = new VoiceLibrary();
  private final JWTVerifier verifier;

  private KlingEmulator(Options options) throws IOException {
    this.options = options;
    this.media = new EmulatorMedia(options.folder() != null ? options.folder() : Files.createTempDirectory("kling-emulator"));
    this.verifier = ((JWTVerifier.BaseVerification) JWT.require(Algorithm.HMAC256(options.secretKey()))
        .withIssuer(options.accessKey())
        .withClaimPresence("exp"))
        .build(options.clock());
    this.scheduler = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "kling-emulator-tasks");
      t.setDaemon(true);
      return t;
    });
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.http = EmulatorHttp.start("kling-emulator", options.port(), this::handle);
  }

  public static KlingEmulator start(Options options) throws IOException {
    return new KlingEmulator(options);
  }

  public String baseUrl() {
    return http.baseUrl();
  }

  /** Faults for the next create requests (POST). */
  public Faults<KlingFault> onSubmit() {
    return submitFaults;
  }

  /** Faults for the next query requests (GET of a task). */
  public Faults<KlingFault> onQuery() {
    return queryFaults;
  }

  /** HTTP requests this emulator received (submits, polls, downloads; not its admin routes). */
  public long requests() {
    return http.requests();
  }

  /** Accepted tasks per {@code external_task_id} (tasks without one count under their task id). */
  /**
   * One lip-sync as the emulator received it: its task's {@code external_task_id}, the seconds of its video and audio
   * and the audio's bytes (0 for a line of text).
   */
  public record LipSyncCall(String key, double videoSeconds, double audioSeconds, long audioBytes, boolean text) {

    /**
     * Why Kling would refuse it (docs/providers.md §1.8: video 2–10 s; audio 2–60 s, at most 5 MB), or null. Lengths
     * are compared to a millisecond, what a container's rounding may add.
     */
    public String problem() {
      if (videoSeconds < 2 - 1e-3 || videoSeconds > 10 + 1e-3) {
        return String.format(Locale.ROOT, "the video is %.2f s; lip-sync takes 2-10 s", videoSeconds);
      }
      if (!text && (audioSeconds < 2 - 1e-3 || audioSeconds > 60 + 1e-3)) {
        return String.format(Locale.ROOT, "the audio is %.2f s; lip-sync takes 2-60 s", audioSeconds);
      }
      if (audioBytes > 5L * 1024 * 1024) {
        return "the audio is " + audioBytes + " bytes; lip-sync takes at most 5 MB";
      }
      return null;
    }
  }

  /** Every lip-sync this emulator has rendered or refused, in the order their processing started. */
  public List<LipSyncCall> lipSyncCalls() {
    return List.copyOf(lipSyncCalls);
  }

  public SubmissionCounter submissions() {
    return submissions;
  }

  /**
   * One reference image an accepted omni-video task carried (an untyped {@code image_list} entry), as decoded here:
   * its task's {@code external_task_id}, the model, its place in {@code image_list} (1-based, as the prompt names it
   * {@code <<<image_n>>>}), format, size, and the SHA-256 of its bytes.
   */
  public record ReferenceImage(String key, String model, int position, String format, int width, int height,
      long bytes, String sha256) {}

  /** The reference images of every accepted omni-video task, in the order they were received. */
  public List<ReferenceImage> referenceImages() {
    return List.copyOf(referenceImages);
  }

  /**
   * The account's voices ({@link VoiceLibrary#PRESET} and any a test adds) and the {@code voice_list} of every accepted
   * image2video task, keyed by its {@code external_task_id}.
   */
  public VoiceLibrary voices() {
    return voices;
  }

  /** The traffic as it happens, and the holds a fault test puts on it. */
  public EmulatorTraffic traffic() {
    return traffic;
  }

  /** How many distinct bearer tokens were presented and valid. */
  public int distinctTokens() {
    return tokensSeen.size();
  }

  @Override
  public void close() {
    http.stop();
    scheduler.shutdown();
    try {
      // a render in progress finishes (it writes into the emulator's folder); pending steps are dropped
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (path.startsWith("/files/") && method.equals("GET")) {
      Path file = media.file(path.substring("/files/".length()));
      if (file == null) {
        error(exchange, 404, 1203, "resource not found");
      } else {
        download(exchange, file);
      }
      return;
    }
    if (path.equals("/emulator/faults") && method.equals("POST")) {
      JsonNode body = EmulatorHttp.JSON.readTree(EmulatorHttp.body(exchange));
      KlingFault fault = KlingFault.valueOf(body.path("fault").asText().toUpperCase(Locale.ROOT));
      ("query".equals(body.path("on").asText()) ? queryFaults : submitFaults).inject(fault, body.path("times").asInt(1));
      EmulatorHttp.send(exchange, 204, "application/json", new byte[0]);
      return;
    }
    if (path.equals("/emulator/submissions") && method.equals("GET")) {
      EmulatorHttp.sendJson(exchange, 200, EmulatorHttp.JSON.valueToTree(submissions.snapshot()));
      return;
    }
    boolean create = method.equals("POST");
    KlingFault fault = (create ? submitFaults : queryFaults).take(f -> true).orElse(null);
    if (fault == KlingFault.TOKEN_EXPIRED || !authorized(exchange)) {
      if (fault == KlingFault.TOKEN_EXPIRED) {
        error(exchange, 401, 1004, fault.message);
      }
      return;
    }
    if (fault != null && fault.refuses()) {
      error(exchange, fault.httpStatus, fault.code, fault.message);
      return;
    }
    if (fault == KlingFault.MALFORMED_JSON) {
      EmulatorHttp.sendMalformed(exchange);
      return;
    }
    if (create) {
      create(exchange, path, fault);
    } else if (method.equals("GET")) {
      Matcher m = QUERY.matcher(path);
      if (!m.matches()) {
        error(exchange, 404, 1202, "invalid request method or path");
        return;
      }
      KlingTask task = find(m.group(1), m.group(2));
      if (task == null) {
        error(exchange, 404, 1203, "task not found");
      } else {
        ObjectNode json = task.json();
        traffic.event(EmulatorTraffic.Kind.QUERY, task.taskId, task.externalId, 200, json.path("task_status").asText());
        envelope(exchange, json);
      }
    } else {
      error(exchange, 404, 1202, "invalid request method");
    }
  }

  private KlingTask find(String kindPath, String id) {
    KlingTask task = tasks.get(id);
    if (task == null) {
      String taskId = taskIdByExternalId.get(id);
      task = taskId == null ? null : tasks.get(taskId);
    }
    return task != null && task.kindPath.equals(kindPath) ? task : null;
  }

  /** Checks the bearer JWT (docs/providers.md §1.2); answers 401 with 1001–1004 and returns false when it fails. */
  private boolean authorized(HttpExchange exchange) throws IOException {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || header.isBlank()) {
      error(exchange, 401, 1001, "authorization is empty");
      return false;
    }
    if (!header.startsWith("Bearer ")) {
      error(exchange, 401, 1002, "authorization is invalid");
      return false;
    }
    String token = header.substring("Bearer ".length()).trim();
    try {
      verifier.verify(token);
      tokensSeen.add(token);
      return true;
    } catch (TokenExpiredException e) {
      error(exchange, 401, 1004, "authorization expired");
    } catch (IncorrectClaimException e) {
      if ("nbf".equals(e.getClaimName())) {
        error(exchange, 401, 1003, "authorization is not yet valid");
      } else {
        error(exchange, 401, 1002, "authorization is invalid: " + e.getClaimName());
      }
    } catch (JWTVerificationException e) {
      error(exchange, 401, 1002, "authorization is invalid");
    }
    return false;
  }

  private void create(HttpExchange exchange, String path, KlingFault fault) throws IOException {
    if (!CREATE_PATHS.contains(path)) {
      error(exchange, 404, 1202, "invalid request method or path");
      return;
    }
    JsonNode body;
    try {
      body = EmulatorHttp.JSON.readTree(EmulatorHttp.body(exchange));
    } catch (IOException e) {
      error(exchange, 400, 1200, "request body is not JSON");
      return;
    }
    if (body == null || !body.isObject()) {
      error(exchange, 400, 1200, "request body must be a JSON object");
      return;
    }
    List<ReferenceImage> references = new ArrayList<>();
    String invalid = switch (path) {
      case "/v1/images/generations" -> validateImage(body);
      case "/v1/videos/image2video" -> validateImageToVideo(body, voices);
      case OMNI_VIDEO -> validateOmniVideo(body, references);
      case "/v1/videos/lip-sync" -> validateLipSync(body);
      case "/v1/videos/video-extend" -> validateExtend(body);
      default -> null;
    };
    if (invalid != null) {
      error(exchange, 400, 1201, invalid);
      return;
    }
    String externalId = body.path("external_task_id").asText("");
    KlingTask task;
    synchronized (this) {
      if (!externalId.isEmpty() && taskIdByExternalId.containsKey(externalId)) {
        traffic.event(EmulatorTraffic.Kind.SUBMIT_DUPLICATE, taskIdByExternalId.get(externalId), externalId, 400, "");
        error(exchange, 400, 1201, "external_task_id already exists: " + externalId);
        return;
      }
      long running = tasks.values().stream().filter(KlingTask::running).count();
      if (running >= options.concurrency()) {
        error(exchange, 429, 1303, "parallel task over resource pack limit");
        return;
      }
      task = new KlingTask(UUID.randomUUID().toString().replace("-", ""), path, externalId, body,
          options.clock().millis());
      tasks.put(task.taskId, task);
      if (!externalId.isEmpty()) {
        taskIdByExternalId.put(externalId, task.taskId);
      }
      submissions.accepted(externalId.isEmpty() ? task.taskId : externalId, path, body);
      List<String> voiceIds = voiceIds(body);
      if (!voiceIds.isEmpty()) {
        voices.record(new VoiceLibrary.Binding(externalId.isEmpty() ? task.taskId : externalId,
            body.path("model_name").asText(), voiceIds, body.path("prompt").asText("")));
      }
      for (ReferenceImage r : references) {
        referenceImages.add(new ReferenceImage(externalId.isEmpty() ? task.taskId : externalId, r.model(),
            r.position(), r.format(), r.width(), r.height(), r.bytes(), r.sha256()));
      }
    }
    scheduler.schedule(() -> startProcessing(task, fault), options.queueLatency().toMillis(), TimeUnit.MILLISECONDS);
    ObjectNode data = EmulatorHttp.JSON.createObjectNode();
    data.put("task_id", task.taskId);
    data.put("task_status", "submitted");
    data.putObject("task_info").put("external_task_id", externalId);
    data.put("created_at", task.createdAt);
    data.put("updated_at", task.createdAt);
    String prompt = body.path("prompt").asText("");
    traffic.event(EmulatorTraffic.Kind.SUBMIT_ACCEPTED, task.taskId, externalId, 200, prompt);
    if (fault == KlingFault.LOST_ANSWER) {
      EmulatorHttp.sendGatewayError(exchange);
      return;
    }
    if (fault == KlingFault.DROP_AFTER_ACCEPT) {
      EmulatorHttp.drop(exchange);
      return;
    }
    if (fault == KlingFault.SLOW_ANSWER) {
      EmulatorHttp.sleep(options.slowAnswer().toMillis());
    }
    traffic.awaitSubmitRelease(Duration.ofMinutes(5));
    envelope(exchange, data);
    traffic.event(EmulatorTraffic.Kind.SUBMIT_ANSWERED, task.taskId, externalId, 200, prompt);
  }

  /** An output file, paced by {@link #traffic()}; a download the caller broke off ends with status 0. */
  private void download(HttpExchange exchange, Path file) throws IOException {
    String name = file.getFileName().toString();
    String taskId = taskIdByFile.getOrDefault(name, "");
    KlingTask task = tasks.get(taskId);
    String key = task == null ? "" : task.externalId;
    traffic.event(EmulatorTraffic.Kind.DOWNLOAD_STARTED, taskId, key, 200, name);
    try {
      EmulatorHttp.sendFile(exchange, file, name.endsWith(".png") ? "image/png" : "video/mp4", traffic);
      traffic.event(EmulatorTraffic.Kind.DOWNLOAD_ENDED, taskId, key, 200, name);
    } catch (IOException e) {
      traffic.event(EmulatorTraffic.Kind.DOWNLOAD_ENDED, taskId, key, 0, name);
      throw e;
    }
  }

  private static String validateImage(JsonNode body) {
    String model = body.path("model_name").asText("kling-v1");
    if (!IMAGE_MODELS.contains(model)) {
      return "model_name " + model + " does not support text-to-image";
    }
    String prompt = body.path("prompt").asText("");
    if (prompt.isBlank() || prompt.length() > 2500) {
      return "prompt is required and at most 2500 characters";
    }
    if (body.has("aspect_ratio") && !ASPECT_RATIOS.contains(body.path("aspect_ratio").asText())) {
      return "aspect_ratio must be one of " + ASPECT_RATIOS;
    }
    int n = body.path("n").asInt(1);
    return n < 1 || n > 9 ? "n must be 1..9" : null;
  }

  /**
   * The ids of {@code voice_list} (docs/providers.md §1.13: {@code [{voice_id}]}); an entry without a textual
   * {@code voice_id} counts as an empty id.
   */
  private static List<String> voiceIds(JsonNode body) {
    List<String> ids = new ArrayList<>();
    for (JsonNode voice : body.path("voice_list")) {
      ids.add(voice.path("voice_id").isTextual() ? voice.path("voice_id").asText() : "");
    }
    return ids;
  }

  /**
   * Voice control on image2video (docs/providers.md §1.13): {@code voice_list} is an array of at most two
   * {@code {voice_id}} of the account, only on a model and mode with voice control (kling-v2-6 pro), only with
   * {@code sound: on}, never with {@code element_list}, and a {@code <<<voice_n>>>} in the prompt names a listed voice.
   */
  private static String validateVoices(JsonNode body, String model, String mode, VoiceLibrary voices) {
    if (!body.has("voice_list") || body.path("voice_list").isNull()) {
      return null;
    }
    if (!body.path("voice_list").isArray()) {
      return "voice_list must be an array of {voice_id}";
    }
    if (body.path("voice_list").isEmpty()) {
      return null;
    }
    if (!VOICE_UNITS_PER_SECOND.getOrDefault(model, Map.of()).containsKey(mode)) {
      return "voice_list is not supported by " + model + " in " + mode + " mode";
    }
    if (!"on".equals(body.path("sound").asText())) {
      return "voice_list: when specifying a voice, sound must be on";
    }
    if (!body.path("element_list").isEmpty()) {
      return "element_list and voice_list are mutually exclusive";
    }
    String problem = voices.problem(voiceIds(body), body.path("prompt").asText(""));
    return problem == null ? null : "voice_list: " + problem;
  }

  private static String validateImageToVideo(JsonNode body, VoiceLibrary voices) {
    String model = body.path("model_name").asText("kling-v1");
    VideoModel rules = VIDEO_MODELS.get(model);
    if (rules == null || OMNI_MODELS.contains(model)) {
      return "model_name " + model + " is not available";
    }
    String elements = unknownElements(body);
    if (elements != null) {
      return elements;
    }
    String mode = body.path("mode").asText("std");
    String invalid = modeDurationAndPrompt(body, rules, mode);
    if (invalid != null) {
      return invalid;
    }
    if (!body.hasNonNull("image") && !body.hasNonNull("image_tail")) {
      return "at least one of image and image_tail is required";
    }
    if (!body.hasNonNull("image")) {
      return "the emulator needs image (a start frame)";
    }
    if (body.hasNonNull("image_tail") && !rules.tailModes().contains(mode)) {
      return "image_tail is not supported by " + model + " in " + mode + " mode";
    }
    if (body.hasNonNull("image_tail") && "on".equals(body.path("sound").asText()) && !rules.soundWithTail()) {
      return "sound on is not supported by " + model + " with image_tail";
    }
    return validateVoices(body, model, mode, voices);
  }

  /**
   * Omni-video (Kling O1 and Kling 3.0 Omni, docs/providers.md §1.13): frames are {@code image_list} entries typed
   * {@code first_frame} / {@code end_frame}, references untyped entries; at most 7 images and elements in all (the
   * frames counted [I]); O1 takes an end frame only with at most two images; every image a jpg/png within Kling's
   * limits; a {@code <<<image_n>>>} in the prompt names an entry that exists. The references, decoded, are added to
   * {@code references}.
   */
  private String validateOmniVideo(JsonNode body, List<ReferenceImage> references) {
    String model = body.path("model_name").asText("kling-video-o1");
    if (!OMNI_MODELS.contains(model)) {
      return "model_name " + model + " is not available on omni-video";
    }
    String invalid = modeDurationAndPrompt(body, VIDEO_MODELS.get(model), body.path("mode").asText("pro"));
    if (invalid != null) {
      return invalid;
    }
    String elements = unknownElements(body);
    if (elements != null) {
      return elements;
    }
    if (!body.path("voice_list").isEmpty()) {
      return "voice_list is not supported by " + model + " (no voice control on omni-video)";
    }
    JsonNode images = body.path("image_list");
    if (images.size() + body.path("element_list").size() > OMNI_MAX_IMAGES) {
      return "image_list and element_list: at most " + OMNI_MAX_IMAGES + " images and elements in all, not "
          + (images.size() + body.path("element_list").size());
    }
    int firstFrames = 0;
    int endFrames = 0;
    for (int i = 0; i < images.size(); i++) {
      JsonNode image = images.get(i);
      if (!image.path("image_url").isTextual() || image.path("image_url").asText().isEmpty()) {
        return "image_list[" + i + "].image_url must not be empty";
      }
      String type = image.path("type").asText("");
      switch (type) {
        case "first_frame" -> firstFrames++;
        case "end_frame" -> endFrames++;
        case "" -> {
          String problem = reference(model, i + 1, image.path("image_url").asText(), references);
          if (problem != null) {
            return "image_list[" + i + "]: " + problem;
          }
        }
        default -> {
          return "image_list[" + i + "].type must be first_frame or end_frame, not '" + type + "'";
        }
      }
    }
    if (firstFrames > 1 || endFrames > 1) {
      return "image_list: at most one first_frame and one end_frame";
    }
    if (endFrames == 1 && firstFrames == 0) {
      return "image_list: an end_frame needs a first_frame";
    }
    if (model.equals("kling-video-o1") && endFrames == 1 && images.size() > 2) {
      return "kling-video-o1 does not support start & end frames with more than two images";
    }
    Matcher named = IMAGE_NAME.matcher(body.path("prompt").asText(""));
    while (named.find()) {
      int n = Integer.parseInt(named.group(1));
      if (n < 1 || n > images.size()) {
        return "prompt names <<<image_" + n + ">>>, but image_list has " + images.size() + " images";
      }
    }
    return firstFrames == 0 ? "the emulator needs an image_list entry of type first_frame" : null;
  }

  /** The emulator has no element library: any {@code element_list} entry names an element it does not know [I]. */
  private static String unknownElements(JsonNode body) {
    JsonNode elements = body.path("element_list");
    return elements.isEmpty() ? null
        : "element_list: element_id " + elements.get(0).path("element_id").asText() + " is not in the element library";
  }

  /**
   * One reference image checked against Kling's input rules (docs/providers.md §1.6) and, when it passes, added to
   * {@code references}; the problem otherwise.
   */
  private String reference(String model, int position, String urlOrBase64, List<ReferenceImage> references) {
    byte[] data;
    try {
      data = media.fetch(urlOrBase64);
    } catch (IOException e) {
      return "image_url cannot be read: " + e.getMessage();
    }
    String format = data.length > 3 && (data[0] & 0xff) == 0x89 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G'
        ? "png"
        : data.length > 2 && (data[0] & 0xff) == 0xff && (data[1] & 0xff) == 0xd8 && (data[2] & 0xff) == 0xff ? "jpg"
        : null;
    if (format == null) {
      return "the image must be .jpg, .jpeg or .png";
    }
    if (data.length > MAX_IMAGE_BYTES) {
      return "the image is " + data.length + " bytes; at most 10MB";
    }
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(data));
    } catch (IOException e) {
      image = null;
    }
    if (image == null) {
      return "the image cannot be decoded";
    }
    int w = image.getWidth();
    int h = image.getHeight();
    if (Math.min(w, h) < MIN_IMAGE_SIDE) {
      return "the image is " + w + "x" + h + "; both sides must be at least " + MIN_IMAGE_SIDE + "px";
    }
    if (w > 2.5 * h || h > 2.5 * w) {
      return "the image is " + w + "x" + h + "; the aspect ratio must be within 1:2.5 and 2.5:1";
    }
    String sha256;
    try {
      sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    references.add(new ReferenceImage("", model, position, format, w, h, data.length, sha256));
    return null;
  }

  private static String modeDurationAndPrompt(JsonNode body, VideoModel rules, String mode) {
    if (!mode.equals("std") && !mode.equals("pro")) {
      return "mode must be std or pro";
    }
    JsonNode duration = body.path("duration");
    if (!duration.isMissingNode() && !(duration.isTextual() && rules.durations().contains(duration.asText()))) {
      return "duration must be one of the strings " + new java.util.TreeSet<>(rules.durations());
    }
    if (body.has("sound") && !(rules.sound() ? Set.of("on", "off") : Set.of("off")).contains(body.path("sound").asText())) {
      return "sound must be " + (rules.sound() ? "on or off" : "off for this model");
    }
    if (body.path("prompt").asText("").length() > 2500 || body.path("negative_prompt").asText("").length() > 2500) {
      return "prompt and negative_prompt are at most 2500 characters";
    }
    return null;
  }

  /** The URL of the omni-video image_list entry of {@code type}, or null. */
  private static String omniFrame(JsonNode body, String type) {
    for (JsonNode image : body.path("image_list")) {
      if (type.equals(image.path("type").asText())) {
        return image.path("image_url").asText();
      }
    }
    return null;
  }

  private String validateLipSync(JsonNode body) {
    JsonNode input = body.path("input");
    boolean id = input.hasNonNull("video_id");
    boolean url = input.hasNonNull("video_url");
    if (id == url) {
      return "exactly one of input.video_id and input.video_url is required";
    }
    if (id && !videos.containsKey(input.path("video_id").asText())) {
      return "input.video_id is not a known video";
    }
    String mode = input.path("mode").asText();
    if (mode.equals("text2video")) {
      return validateText(input);
    }
    if (!mode.equals("audio2video")) {
      return "input.mode must be audio2video or text2video";
    }
    return switch (input.path("audio_type").asText()) {
      case "url" -> input.hasNonNull("audio_url") ? null : "input.audio_url is required for audio_type url";
      case "file" -> input.hasNonNull("audio_file") ? null : "input.audio_file is required for audio_type file";
      default -> "input.audio_type must be url or file";
    };
  }

  private static String validateText(JsonNode input) {
    SpokenLine.Problem problem = SpokenLine.check(input);
    return problem == null ? null : "input." + problem.field() + " " + problem.rule();
  }

  /** Video-extend (docs/providers.md §1.7): a known video of a v1.x model, the result at most 3 minutes. */
  private String validateExtend(JsonNode body) {
    String videoId = body.path("video_id").asText("");
    if (videoId.isEmpty()) {
      return "video_id is required";
    }
    KlingTask source = videos.get(videoId);
    if (source == null) {
      return "video_id is not a known video";
    }
    if (!EXTENDABLE_MODELS.contains(source.model)) {
      return "Only videos generated by V1.0, V1.5, and V1.6 models are supported";
    }
    if (source.seconds + EXTENSION_SECONDS > MAX_EXTENDED_SECONDS) {
      return "the total video duration cannot exceed 3 minutes";
    }
    if (body.path("prompt").asText("").length() > 2500 || body.path("negative_prompt").asText("").length() > 2500) {
      return "prompt and negative_prompt are at most 2500 characters";
    }
    return null;
  }

  private void startProcessing(KlingTask task, KlingFault fault) {
    task.update("processing", "", options.clock().millis());
    callback(task);
    long started = System.nanoTime();
    try {
      if (fault == KlingFault.TASK_FAILED_RISK || fault == KlingFault.TASK_FAILED) {
        finishAfter(started, task, () -> task.fail(fault.message, options.clock().millis()));
        return;
      }
      render(task);
      finishAfter(started, task, () -> task.succeed(options.clock().millis()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Kling emulator task {} failed: {}", task.taskId, e.getMessage());
      finishAfter(started, task, () -> task.fail("generation failed: " + e.getMessage(), options.clock().millis()));
    }
  }

  private void finishAfter(long startedNanos, KlingTask task, Runnable finish) {
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    long wait = Math.max(0, options.processingLatency().toMillis() - elapsed);
    if (scheduler.isShutdown()) {
      return;
    }
    scheduler.schedule(() -> {
      finish.run();
      traffic.event(EmulatorTraffic.Kind.FINISHED, task.taskId, task.externalId, 200, task.status());
      callback(task);
    }, wait, TimeUnit.MILLISECONDS);
  }

  private void render(KlingTask task) throws IOException {
    JsonNode body = task.request;
    String base = baseUrl() + "/files/";
    switch (task.kindPath) {
      case "/v1/images/generations" -> {
        int[] size = size(body.path("aspect_ratio").asText("16:9"), options.keyframeLongSide());
        int n = body.path("n").asInt(1);
        for (int i = 0; i < n; i++) {
          String name = media.keyframe("kling-" + i, body.path("prompt").asText(), size[0], size[1]);
          task.addImage(i, base + name);
          taskIdByFile.put(name, task.taskId);
        }
        task.units = IMAGE_UNITS * n;
      }
      case "/v1/videos/image2video", OMNI_VIDEO -> {
        boolean omni = task.kindPath.equals(OMNI_VIDEO);
        String model = body.path("model_name").asText(omni ? "kling-video-o1" : "kling-v1");
        String mode = body.path("mode").asText(omni ? "pro" : "std");
        int seconds = Integer.parseInt(body.path("duration").asText("5"));
        String startUrl = omni ? omniFrame(body, "first_frame") : body.path("image").asText();
        String endUrl = omni ? omniFrame(body, "end_frame") : body.path("image_tail").asText(null);
        BufferedImage start = media.image(startUrl);
        BufferedImage end = endUrl != null ? media.image(endUrl) : null;
        String name = media.clip(start, end, seconds, options.fps(), options.clipMaxLongSide(), "kling " + model);
        task.model = model;
        task.mode = mode;
        task.seconds = seconds;
        task.videoFile = media.file(name);
        String videoId = UUID.randomUUID().toString();
        videos.put(videoId, task);
        task.addVideo(videoId, base + name, seconds);
        taskIdByFile.put(name, task.taskId);
        boolean sound = "on".equals(body.path("sound").asText()) && SOUND_UNITS_PER_SECOND.containsKey(model);
        // billed "with specified voice" when voice_list is not empty and the prompt names a voice (§1.13)
        boolean voiced = sound && !body.path("voice_list").isEmpty()
            && VoiceLibrary.named(body.path("prompt").asText(""));
        task.units = voiced
            ? java.math.BigDecimal.valueOf(VOICE_UNITS_PER_SECOND.get(model).get(mode))
                .multiply(java.math.BigDecimal.valueOf(seconds)).doubleValue()
            : sound
            ? java.math.BigDecimal.valueOf(SOUND_UNITS_PER_SECOND.get(model).get(mode))
                .multiply(java.math.BigDecimal.valueOf(seconds)).doubleValue()
            : units(model, mode, seconds);
      }
      case "/v1/videos/video-extend" -> {
        String sourceId = body.path("video_id").asText();
        KlingTask source = videos.get(sourceId);
        String name = media.extend(source.videoFile, EXTENSION_SECONDS, "kling extend " + source.model);
        task.model = source.model;
        task.mode = source.mode;
        task.seconds = MediaProbe.probe(media.file(name)).durationSeconds();
        task.videoFile = media.file(name);
        task.parentVideo(sourceId, source.videoUrl(), source.seconds);
        String videoId = UUID.randomUUID().toString();
        videos.put(videoId, task);
        task.addVideo(videoId, base + name, task.seconds);
        taskIdByFile.put(name, task.taskId);
        // std 2 / pro 3.5 units per extension (docs/providers.md §1.12)
        task.units = source.mode.equals("pro") ? 3.5 : 2;
      }
      case "/v1/videos/lip-sync" -> {
        JsonNode input = body.path("input");
        byte[] video = input.hasNonNull("video_id")
            ? Files.readAllBytes(videos.get(input.path("video_id").asText()).videoFile)
            : media.fetch(input.path("video_url").asText());
        boolean text = input.path("mode").asText().equals("text2video");
        boolean url = input.path("audio_type").asText().equals("url");
        String audioSource = url ? input.path("audio_url").asText() : input.path("audio_file").asText();
        String audioExtension = url ? extension(audioSource) : "wav";
        byte[] audio = text ? null : media.fetch(audioSource);
        LipSyncCall call = new LipSyncCall(task.externalId, media.probe(video, "mp4").durationSeconds(),
            text ? 0 : media.probe(audio, audioExtension).audioDurationSeconds(), text ? 0 : audio.length, text);
        lipSyncCalls.add(call);
        String outOfLimits = call.problem();
        if (outOfLimits != null) {
          throw new IllegalArgumentException(outOfLimits);
        }
        String name = text
            ? media.textLipSync(video, input.path("text").asText(), input.path("voice_speed").asDouble(1.0))
            : media.lipSync(video, audio, audioExtension);
        double seconds = MediaProbe.probe(media.file(name)).durationSeconds();
        String videoId = UUID.randomUUID().toString();
        task.addVideo(videoId, base + name, seconds);
        taskIdByFile.put(name, task.taskId);
        task.videoFile = media.file(name);
        // 0.5 units per started 5 s, at least 5 s (docs/providers.md §1.12)
        task.units = 0.5 * Math.max(1, Math.ceil(seconds / 5.0 - 1e-6));
      }
      default -> throw new IllegalStateException("no renderer for " + task.kindPath);
    }
  }

  private static String extension(String url) {
    String path = URI.create(url).getPath();
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "wav" : path.substring(dot + 1);
  }

  /** Units per second of the model in the mode (see {@link #VIDEO_MODELS}) × seconds. */
  private static double units(String model, String mode, int seconds) {
    // decimal arithmetic: 0.7 × 5 is 3.5 units, not 3.5000000000000004
    return java.math.BigDecimal.valueOf(VIDEO_MODELS.get(model).unitsPerSecond().get(mode))
        .multiply(java.math.BigDecimal.valueOf(seconds)).doubleValue();
  }

  private static int[] size(String aspectRatio, int longSide) {
    String[] parts = aspectRatio.split(":");
    double w = Double.parseDouble(parts[0]);
    double h = Double.parseDouble(parts[1]);
    return w >= h
        ? new int[] {longSide, ((int) Math.round(longSide * h / w)) & ~1}
        : new int[] {((int) Math.round(longSide * w / h)) & ~1, longSide};
  }

  private void callback(KlingTask task) {
    String url = task.request.path("callback_url").asText("");
    if (url.isEmpty()) {
      return;
    }
    try {
      ObjectNode json = task.json();
      String status = json.path("task_status").asText();
      callbacks.post(url, EmulatorHttp.JSON.writeValueAsBytes(json), Map.of(), answer ->
          traffic.webhook(task.taskId, task.externalId, answer, status, url));
    } catch (IOException e) {
      LOG.info("Kling emulator callback to {} not sent: {}", url, e.getMessage());
    }
  }

  private static void envelope(HttpExchange exchange, JsonNode data) throws IOException {
    ObjectNode body = EmulatorHttp.JSON.createObjectNode();
    body.put("code", 0);
    body.put("message", "SUCCEED");
    body.put("request_id", UUID.randomUUID().toString());
    body.set("data", data);
    EmulatorHttp.sendJson(exchange, 200, body);
  }

  private static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
    ObjectNode body = EmulatorHttp.JSON.createObjectNode();
    body.put("code", code);
    body.put("message", message);
    body.put("request_id", UUID.randomUUID().toString());
    EmulatorHttp.sendJson(exchange, status, body);
  }

  /** One task and its state; mutated by the scheduler, read by queries. */
  private static final class KlingTask {
    final String taskId;
    final String kindPath;
    final String externalId;
    final JsonNode request;
    final long createdAt;
    private final ArrayNode images = EmulatorHttp.JSON.createArrayNode();
    private final ArrayNode videoList = EmulatorHttp.JSON.createArrayNode();
    private String status = "submitted";
    private String statusMessage = "";
    private long updatedAt;
    double units;
    Path videoFile;
    /** The model, mode and length of the video this task made (an extension keeps its source's model and mode). */
    String model;
    String mode;
    double seconds;
    private ObjectNode parentVideo;

    KlingTask(String taskId, String kindPath, String externalId, JsonNode request, long createdAt) {
      this.taskId = taskId;
      this.kindPath = kindPath;
      this.externalId = externalId;
      this.request = request;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
    }

    synchronized String status() {
      return status;
    }

    synchronized boolean running() {
      return status.equals("submitted") || status.equals("processing");
    }

    synchronized void update(String newStatus, String message, long at) {
      status = newStatus;
      statusMessage = message;
      updatedAt = at;
    }

    synchronized void succeed(long at) {
      update("succeed", "", at);
    }

    synchronized void fail(String message, long at) {
      units = 0;
      update("failed", message, at);
    }

    synchronized void addImage(int index, String url) {
      images.addObject().put("index", index).put("url", url);
    }

    synchronized void parentVideo(String id, String url, double duration) {
      parentVideo = EmulatorHttp.JSON.createObjectNode().put("id", id).put("url", url)
          .put("duration", String.format(Locale.ROOT, "%.1f", duration));
    }

    synchronized String videoUrl() {
      return videoList.path(0).path("url").asText();
    }

    synchronized void addVideo(String id, String url, double seconds) {
      videoList.addObject().put("id", id).put("url", url).put("duration", String.format(Locale.ROOT, "%.1f", seconds));
    }

    synchronized ObjectNode json() {
      ObjectNode task = EmulatorHttp.JSON.createObjectNode();
      task.put("task_id", taskId);
      task.put("task_status", status);
      task.put("task_status_msg", statusMessage);
      ObjectNode info = task.putObject("task_info").put("external_task_id", externalId);
      if (parentVideo != null) {
        info.set("parent_video", parentVideo.deepCopy());
      }
      task.put("created_at", createdAt);
      task.put("updated_at", updatedAt);
      if (status.equals("succeed") || status.equals("failed")) {
        task.put("final_unit_deduction", units == Math.rint(units) ? String.valueOf((long) units) : String.valueOf(units));
      }
      if (status.equals("succeed")) {
        ObjectNode result = task.putObject("task_result");
        if (!images.isEmpty()) {
          result.set("images", images.deepCopy());
        }
        if (!videoList.isEmpty()) {
          result.set("videos", videoList.deepCopy());
        }
      }
      return task;
    }
  }
}
