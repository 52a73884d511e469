package io.shotflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.security.ApiTokens;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec v1.1 on the local provider, over HTTP with the real worker: two characters (one reference generated and
 * reviewed as {@code character:<id>:<n>}, one uploaded) across three shots, one shot ending on the next one's start
 * keyframe ({@code end_frame: { to: ... }}), one with {@code audio: native}. Every review goes through the API.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CharactersEndToEndTest extends ApiTestSupport {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  ApiTokens tokens;

  @Inject
  ObjectMapper json;

  @Inject
  io.shotflow.catalog.StoryboardCatalog catalog;

  @TempDir
  Path downloads;

  private BlockingHttpClient client() {
    return http.toBlocking();
  }

  private JsonNode status(String id) throws Exception {
    return json.readTree(client().retrieve(HttpRequest.GET("/api/storyboards/" + id)
        .bearerAuth(tokens.tokenFor("reviewer")), String.class));
  }

  private byte[] download(String url) {
    return client().retrieve(HttpRequest.GET(url).bearerAuth(tokens.tokenFor("reviewer")), byte[].class);
  }

  private String upload(byte[] png) throws Exception {
    HttpResponse<String> uploaded = client().exchange(HttpRequest.POST("/api/assets", png)
        .contentType("image/png").bearerAuth(tokens.tokenFor("producer")), String.class);
    return json.readTree(uploaded.body()).path("id").asText();
  }

  /** A 400 px portrait of Ivo: a magenta face on teal, easy to find in a frame. */
  private static byte[] ivo() throws Exception {
    BufferedImage image = new BufferedImage(400, 400, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0, 128, 128));
    g.fillRect(0, 0, 400, 400);
    g.setColor(new Color(220, 0, 200));
    g.fillOval(100, 80, 200, 240);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static String spec(String ivoAsset) {
    return """
        {"title": "Harbour", "provider": "local", "model": "kling-v3", "fps": 24, "resolution": "720p",
         "review": {"keyframes": "required", "clips": "auto", "lip_sync": "auto"},
         "characters": [
           {"id": "mara", "name": "Mara", "voice_id": "en_AOT",
            "references": [{"prompt": "Mara in a yellow rain jacket, front view"}]},
           {"id": "ivo", "name": "Ivo", "references": [{"image": "asset:%s"}]}],
         "shots": [
           {"id": "dock", "prompt": "Mara walks to the boat", "characters": ["mara"],
            "start_frame": {"prompt": "Mara on the dock at dawn"}, "end_frame": {"to": "boat"}},
           {"id": "boat", "prompt": "Mara and Ivo cast off", "characters": ["mara", "ivo"], "audio": "native",
            "start_frame": {"prompt": "Mara and Ivo in the boat"}, "dialogue": {"text": "Cast off, Ivo!"}},
           {"id": "sea", "prompt": "Ivo looks out to sea", "characters": ["ivo"],
            "start_frame": {"from": "boat"}}]}
        """.formatted(ivoAsset);
  }

  @Test
  void twoCharactersThreeShotsAnEndOnTheNextShotAndNativeAudio() throws Exception {
    HttpResponse<String> created = client().exchange(HttpRequest.POST("/api/storyboards", spec(upload(ivo())))
        .contentType(MediaType.APPLICATION_JSON).bearerAuth(tokens.tokenFor("producer")), String.class);
    assertEquals(HttpStatus.CREATED, created.getStatus());
    String id = json.readTree(created.body()).path("id").asText();

    Set<String> reviewed = new HashSet<>();
    List<String> pendingShots = new ArrayList<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonNode status = status(id);
    while (!Set.of("completed", "failed", "cancelled").contains(status.path("state").asText())) {
      if (System.nanoTime() > deadline) {
        fail("storyboard did not finish in " + TIMEOUT + ": " + status);
      }
      for (JsonNode pending : status.path("pending_reviews")) {
        String subject = pending.path("subject").asText();
        JsonNode takes = pending.path("takes");
        if (takes.isEmpty()) {
          fail(subject + " waits for a decision after a failure: " + pending.path("reason").asText());
        }
        if (reviewed.add(subject)) {
          pendingShots.add(subject + "@" + pending.path("shot").asText());
          client().exchange(HttpRequest.POST("/api/storyboards/" + id + "/reviews", Map.of("subject", subject,
              "take", takes.get(0).asText(), "verdict", "approve")).bearerAuth(tokens.tokenFor("reviewer")),
              String.class);
        }
      }
      Thread.sleep(200);
      status = status(id);
    }
    assertEquals("completed", status.path("state").asText(), status.toString());
    assertTrue(pendingShots.contains("character:mara:1@character:mara"),
        "mara's generated reference was reviewed once, through the API: " + pendingShots);
    assertFalse(reviewed.stream().anyMatch(s -> s.startsWith("character:ivo")), "an uploaded reference needs no review");
    assertTrue(reviewed.containsAll(List.of("keyframe:dock:start", "keyframe:boat:start")), reviewed.toString());
    assertFalse(reviewed.contains("keyframe:dock:end"), "dock's end frame is boat's approved start keyframe");

    // a reviewed subject is not pending any more: 409, and a subject of a character the storyboard lacks: 400
    assertEquals(HttpStatus.CONFLICT, refusal(id, "character:mara:1"));
    assertEquals(HttpStatus.BAD_REQUEST, refusal(id, "character:nobody:1"));

    Map<String, String> approved = approvedTakes(status);
    BufferedImage boatStart = ImageIO.read(new ByteArrayInputStream(download(approved.get("keyframe:boat:start"))));
    BufferedImage dockStart = ImageIO.read(new ByteArrayInputStream(download(approved.get("keyframe:dock:start"))));
    Path dockClip = downloads.resolve("dock.mp4");
    Files.write(dockClip, download(approved.get("clip:dock")));
    BufferedImage dockLast = lastFrame(dockClip);
    double toTarget = meanDifference(dockLast, boatStart);
    double toOwnStart = meanDifference(dockLast, dockStart);
    assertTrue(toTarget < 6, "dock's last frame is boat's start keyframe (mean difference " + toTarget + ")");
    assertTrue(toOwnStart > 4 * toTarget, "and not its own start (" + toOwnStart + " vs " + toTarget + ")");

    // the references are drawn in the frames made with them: the inset's yellow frame at the right edge
    assertTrue(insetPixels(dockStart) > 40, "dock's keyframe shows mara's reference");
    assertTrue(insetPixels(boatStart) > 40, "boat's keyframe shows the references");

    // native audio: boat has no lip-sync step, its clip has its own sound, and the final mix keeps it
    assertFalse(approved.containsKey("lip_sync:boat"), approved.toString());
    Path boatClip = downloads.resolve("boat.mp4");
    Files.write(boatClip, download(approved.get("clip:boat")));
    assertTrue(rms(boatClip, 0, 5) > 0.01, "boat's clip speaks its line");
    JsonNode outputs = status.path("outputs");
    Path finalCut = downloads.resolve("final.mp4");
    Files.write(finalCut, download(outputs.path("final_cut").asText()));
    assertTrue(rms(finalCut, 5.5, 9.5) > 0.01, "the cut keeps boat's own sound (5-10 s)");
    assertTrue(outputs.path("files").has("audio/boat.wav"), outputs.path("files").toString());
    for (String shot : List.of("dock", "boat", "sea")) {
      assertTrue(outputs.path("files").has("shots/" + shot + ".mp4"), outputs.path("files").toString());
    }
    assertFalse(outputs.path("files").has("shots/character:mara.mp4"), "a sheet is not a shot of the cut");
  }

  /**
   * References on a model without them, native audio on one without it, a 12 s clip on Kling 2.1 and a from/to cycle:
   * 400s naming each, also where the model is the shot's own; nothing is stored.
   */
  @Test
  void refusedSpecsNameTheShotAndField() throws Exception {
    int before = catalog.list().size();
    assertRefused("""
        {"title": "t", "provider": "fal", "budget_usd": 10,
         "characters": [{"id": "mara", "references": [{"prompt": "Mara"}]}],
         "shots": [{"id": "dock", "prompt": "p", "characters": ["mara"], "start_frame": {"prompt": "x"}}]}
        """, "shots[0].characters", "dock", "takes no reference images");
    assertRefused("""
        {"title": "t", "provider": "fal", "budget_usd": 10,
         "shots": [{"id": "dock", "prompt": "p", "audio": "native", "start_frame": {"prompt": "x"}}]}
        """, "shots[0].audio", "dock", "makes no sound of its own");
    assertRefused("""
        {"title": "t", "provider": "local",
         "shots": [{"id": "a", "prompt": "p", "start_frame": {"prompt": "x"}, "end_frame": {"to": "b"}},
                   {"id": "b", "prompt": "p", "start_frame": {"from": "a"}}]}
        """, "shots[0].end_frame.to", "a", "a → b → a");
    // a shot's own model: references on Kling 2.5 Turbo, 12 s on Kling 2.1, in a Kling 3.0 storyboard
    assertRefused("""
        {"title": "t", "provider": "local", "model": "kling-v3",
         "characters": [{"id": "mara", "references": [{"prompt": "Mara"}]}],
         "shots": [{"id": "dock", "prompt": "p", "duration": 12, "characters": ["mara"], "start_frame": {"prompt": "x"}},
                   {"id": "gulls", "model": "kling-v2.5-turbo", "prompt": "p", "characters": ["mara"],
                    "start_frame": {"prompt": "x"}}]}
        """, "shots[1].characters", "gulls", "local kling-v2.5-turbo pro takes no reference images");
    assertRefused("""
        {"title": "t", "provider": "fal", "model": "kling-v3", "budget_usd": 10,
         "shots": [{"id": "boat", "model": "kling-v2.1", "prompt": "p", "duration": 12, "start_frame": {"prompt": "x"}}]}
        """, "shots[0].duration", "boat", "fal kling-v2.1 pro makes 5 or 10 s clips, not 12 s");
    assertRefused("""
        {"title": "t", "provider": "fal", "model": "kling-v3", "budget_usd": 10,
         "shots": [{"id": "boat", "model": "kling-v9", "prompt": "p", "start_frame": {"prompt": "x"}}]}
        """, "shots[0].model", "boat", "not 'kling-v9'");
    assertEquals(before, catalog.list().size(), "nothing was stored");
  }

  private void assertRefused(String spec, String field, String shot, String message) throws Exception {
    HttpClientResponseException e = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
        () -> client().exchange(HttpRequest.POST("/api/storyboards", spec).contentType(MediaType.APPLICATION_JSON)
            .bearerAuth(tokens.tokenFor("producer")), String.class));
    assertEquals(HttpStatus.BAD_REQUEST, e.getStatus());
    JsonNode problem = json.readTree(e.getResponse().getBody(String.class).orElseThrow());
    JsonNode error = problem.path("errors").get(0);
    assertEquals(1, problem.path("errors").size(), problem.toString());
    assertEquals(field, error.path("field").asText());
    assertEquals(shot, error.path("shot").asText());
    assertTrue(error.path("message").asText().contains(message), error.toString());
  }

  private HttpStatus refusal(String id, String subject) {
    try {
      client().exchange(HttpRequest.POST("/api/storyboards/" + id + "/reviews", Map.of("subject", subject,
          "verdict", "approve")).bearerAuth(tokens.tokenFor("reviewer")), String.class);
      return HttpStatus.OK;
    } catch (HttpClientResponseException e) {
      return e.getStatus();
    }
  }

  /** Asset URL of each subject's approved take. */
  private static Map<String, String> approvedTakes(JsonNode status) {
    Map<String, String> approved = new java.util.HashMap<>();
    for (JsonNode shot : status.path("shots")) {
      for (JsonNode take : shot.path("takes")) {
        if (take.path("approved").asBoolean()) {
          approved.put(take.path("subject").asText(), take.path("asset_url").asText());
        }
      }
    }
    return approved;
  }

  private static BufferedImage lastFrame(Path video) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        Java2DFrameConverter converter = new Java2DFrameConverter()) {
      grabber.start();
      BufferedImage last = null;
      for (Frame f; (f = grabber.grabImage()) != null; ) {
        last = deepCopy(converter.convert(f));
      }
      grabber.stop();
      return last;
    }
  }

  private static BufferedImage deepCopy(BufferedImage image) {
    BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = copy.createGraphics();
    g.drawImage(image, 0, 0, null);
    g.dispose();
    return copy;
  }

  /** Mean absolute difference per channel (0-255) of two same-size images. */
  private static double meanDifference(BufferedImage a, BufferedImage b) {
    assertEquals(a.getWidth(), b.getWidth());
    assertEquals(a.getHeight(), b.getHeight());
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y += 2) {
      for (int x = 0; x < a.getWidth(); x += 2) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        sum += Math.abs(((p >> 16) & 255) - ((q >> 16) & 255)) + Math.abs(((p >> 8) & 255) - ((q >> 8) & 255))
            + Math.abs((p & 255) - (q & 255));
      }
    }
    return sum / (3.0 * (a.getWidth() / 2) * (a.getHeight() / 2));
  }

  /** Inset-yellow pixels in the column at the right edge where the local animatic draws references. */
  private static int insetPixels(BufferedImage frame) {
    int count = 0;
    int w = frame.getWidth();
    for (int y = frame.getHeight() / 4; y < frame.getHeight() / 2; y++) {
      for (int x = w - w / 8; x < w; x++) {
        int p = frame.getRGB(x, y);
        int r = (p >> 16) & 255;
        int g = (p >> 8) & 255;
        int b = p & 255;
        if (r > 220 && g > 190 && g < 235 && b < 130) {
          count++;
        }
      }
    }
    return count;
  }

  /** RMS (0-1) of the audio of {@code video} between two times in seconds. */
  private static double rms(Path video, double from, double to) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
      grabber.start();
      assertTrue(grabber.getAudioChannels() > 0, video + " has an audio stream");
      double sum = 0;
      long n = 0;
      for (Frame f; (f = grabber.grabSamples()) != null; ) {
        double t = f.timestamp / 1e6;
        if (t < from || t > to || f.samples == null) {
          continue;
        }
        if (f.samples[0] instanceof ShortBuffer s) {
          while (s.hasRemaining()) {
            double v = s.get() / 32768.0;
            sum += v * v;
            n++;
          }
        } else if (f.samples[0] instanceof java.nio.FloatBuffer fb) {
          while (fb.hasRemaining()) {
            double v = fb.get();
            sum += v * v;
            n++;
          }
        }
      }
      grabber.stop();
      return n == 0 ? 0 : Math.sqrt(sum / n);
    }
  }
}
