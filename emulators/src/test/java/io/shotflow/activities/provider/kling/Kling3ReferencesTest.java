package io.shotflow.activities.provider.kling;

import static io.shotflow.activities.provider.ProviderHarness.await;
import static io.shotflow.activities.provider.ProviderHarness.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotflow.activities.media.MediaProbe;
import io.shotflow.activities.provider.ProviderActivitiesImpl;
import io.shotflow.activities.provider.ProviderHarness;
import io.shotflow.activities.provider.ProviderInputs;
import io.shotflow.emulator.common.SubmissionCounter;
import io.shotflow.emulator.kling.KlingEmulator;
import io.shotflow.emulator.kling.KlingFault;
import io.shotflow.media.AssetRef;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.RateCard;
import io.temporal.failure.ApplicationFailure;
import java.awt.Color;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kling 3.0 with character references through Kling's official API: the clip goes to omni-video as
 * {@code kling-v3-omni} with the references in {@code image_list}, the emulator checks them as Kling does and keeps
 * what it received, and a request Kling would refuse is refused before anything is sent.
 */
class Kling3ReferencesTest {

  private static final String AK = "ak-refs";
  private static final String SK = "sk-refs-secret";

  @TempDir Path dir;

  private ProviderHarness harness;
  private KlingEmulator emulator;
  private KlingAdapter adapter;
  private ProviderActivitiesImpl activities;
  private KlingClient client;
  private AssetRef start;
  private AssetRef end;
  private AssetRef mara;
  private AssetRef ivo;

  @BeforeEach
  void start() throws Exception {
    harness = new ProviderHarness(dir);
    emulator = KlingEmulator.start(KlingEmulator.Options.of(AK, SK)
        .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withSizes(320, 320)
        .withSlowAnswer(Duration.ofMillis(1500)).withFolder(dir.resolve("kling")));
    ProviderSettings config = new ProviderSettings("kling");
    config.setBaseUrl(URI.create(emulator.baseUrl()));
    config.setAccessKey(AK);
    config.setSecretKey(SK);
    config.setRequestTimeout(Duration.ofMillis(700));
    adapter = new KlingAdapter(config, new ProviderInputs(null, harness.store), harness.http, harness.json,
        Clock.systemUTC());
    activities = harness.activities(adapter);
    client = new KlingClient(config, new KlingTokens(AK, SK, Clock.systemUTC()), harness.http, harness.json);
    start = harness.png(320, 180, Color.BLUE, Color.CYAN);
    end = harness.png(320, 180, Color.RED, Color.PINK);
    mara = harness.png(320, 320, Color.YELLOW, Color.ORANGE);
    ivo = harness.png(400, 320, Color.GRAY, Color.DARK_GRAY);
  }

  @AfterEach
  void stop() {
    emulator.close();
    harness.close();
  }

  private static GenerationRequest v3(int seconds, AssetRef start, AssetRef end, List<AssetRef> refs, boolean audio) {
    GenerationRequest r = ProviderHarness.clip("kling", ProviderCatalog.KLING_V3, "pro", seconds, start, end);
    return new GenerationRequest(r.idempotencyKey(), r.storyboardId(), r.shotId(), r.kind(), r.provider(), r.model(),
        r.tier(), r.prompt(), r.negativePrompt(), r.durationSeconds(), r.width(), r.height(), r.fps(), r.aspectRatio(),
        r.startFrame(), r.endFrame(), null, null, 1,
        audio ? new GenerationRequest.Speech("Cast off!", "en_AOT", "en", 1.0) : null, null, refs, audio);
  }

  private static GenerationRequest asO1(GenerationRequest r) {
    return new GenerationRequest(r.idempotencyKey(), r.storyboardId(), r.shotId(), r.kind(), r.provider(),
        ProviderCatalog.KLING_O1, r.tier(), r.prompt(), r.negativePrompt(), 5, r.width(), r.height(), r.fps(),
        r.aspectRatio(), r.startFrame(), r.endFrame(), null, null, 1, null, null, r.references(), false);
  }

  private String sha256(AssetRef asset) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(harness.store.path(asset.id()))));
  }

  private static JsonNode lastBody(SubmissionCounter submissions) {
    List<SubmissionCounter.Received> all = submissions.received();
    return all.get(all.size() - 1).body();
  }

  @Test
  void aKling3ClipWithReferencesGoesToOmniVideoWithTheImagesAndIsChargedWhatWasReserved() throws Exception {
    GenerationRequest request = v3(12, start, end, List.of(mara, ivo), true);

    GenerationResult result = await(activities, activities.submit(request), request);

    JsonNode sent = lastBody(emulator.submissions());
    assertEquals(KlingAdapter.OMNI_VIDEO, emulator.submissions().received().get(0).model(), sent.toString());
    assertEquals("kling-v3-omni", sent.path("model_name").asText());
    assertEquals("12", sent.path("duration").asText());
    assertEquals("pro", sent.path("mode").asText());
    assertEquals("on", sent.path("sound").asText());
    JsonNode images = sent.path("image_list");
    assertEquals(4, images.size(), sent.toString());
    assertEquals("first_frame", images.get(0).path("type").asText());
    assertEquals("end_frame", images.get(1).path("type").asText());
    assertTrue(images.get(2).path("type").isMissingNode() && images.get(3).path("type").isMissingNode(),
        "references are untyped entries: " + images);
    assertTrue(sent.path("prompt").asText().startsWith("<<<image_3>>> <<<image_4>>> "), sent.path("prompt").asText());
    assertTrue(sent.path("prompt").asText().endsWith(" Dialogue: \"Cast off!\""), "the line to speak");

    List<KlingEmulator.ReferenceImage> received = emulator.referenceImages();
    assertEquals(2, received.size(), received.toString());
    String key = KlingAdapter.externalTaskId(request.idempotencyKey());
    assertEquals(new KlingEmulator.ReferenceImage(key, "kling-v3-omni", 3, "png", 320, 320,
        Files.size(harness.store.path(mara.id())), sha256(mara)), received.get(0));
    assertEquals(new KlingEmulator.ReferenceImage(key, "kling-v3-omni", 4, "png", 400, 320,
        Files.size(harness.store.path(ivo.id())), sha256(ivo)), received.get(1));

    MediaProbe.Info clip = MediaProbe.probe(harness.store.path(result.asset().id()));
    assertEquals(12.0, clip.durationSeconds(), 1e-6);
    assertEquals(0, RateCard.defaults().price(request).compareTo(result.costUsd()),
        "charged " + result.costUsd() + ", reserved " + RateCard.defaults().price(request));
    assertEquals(1, emulator.submissions().count(key));
  }

  @Test
  void aKling3ClipWithoutReferencesStaysOnImageToVideo() {
    GenerationRequest request = v3(5, start, null, List.of(), false);

    await(activities, activities.submit(request), request);

    assertEquals(KlingAdapter.IMAGE_TO_VIDEO, emulator.submissions().received().get(0).model());
    assertEquals("kling-v3", lastBody(emulator.submissions()).path("model_name").asText());
    assertTrue(emulator.referenceImages().isEmpty());
  }

  @Test
  void moreImagesThanOmniVideoTakesAreRefusedBeforeAnyCall() throws Exception {
    List<AssetRef> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      six.add(mara);
    }
    GenerationRequest eight = v3(5, start, end, six, false);
    long before = emulator.requests();

    fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(eight));
    fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(asO1(v3(5, start, end, List.of(mara), false))));
    ApplicationFailure failure = assertThrows(ApplicationFailure.class, () -> activities.submit(eight));
    assertTrue(failure.isNonRetryable(), failure.getMessage());

    assertEquals(before, emulator.requests(), "nothing reached Kling");
    assertEquals(0, emulator.submissions().total());
    // the start frame and six references are Kling's seven
    GenerationRequest seven = v3(5, start, null, six, false);
    await(activities, activities.submit(seven), seven);
    assertEquals(6, emulator.referenceImages().size());
  }

  @Test
  void aSubmitWhoseAnswerWasLostFindsTheOmniTaskInsteadOfPayingTwice() {
    GenerationRequest request = v3(5, start, null, List.of(mara), false);
    emulator.onSubmit().inject(KlingFault.DROP_AFTER_ACCEPT, 1);

    GenerationResult result = await(activities, activities.submit(request), request);

    assertTrue(result.asset() != null);
    assertEquals(1, emulator.submissions().count(KlingAdapter.externalTaskId(request.idempotencyKey())));
    assertEquals(1, emulator.submissions().total());
    assertEquals(adapter.submit(request), adapter.submit(request), "a crash-repeated submit finds the same task");
    assertEquals(1, emulator.submissions().total());
  }

  private ObjectNode omniBody(String model, String prompt, String... references) {
    ObjectNode body = harness.json.createObjectNode();
    body.put("model_name", model).put("prompt", prompt).put("mode", "pro").put("duration", "5");
    var list = body.putArray("image_list");
    list.addObject().put("image_url", harness.site.url() + "/none").put("type", "first_frame");
    for (String r : references) {
      list.addObject().put("image_url", r);
    }
    return body;
  }

  private KlingApiException refused(String path, ObjectNode body) {
    return assertThrows(KlingApiException.class, () -> client.post(path, body));
  }

  private String base64(AssetRef asset) throws Exception {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(harness.store.path(asset.id())));
  }

  @Test
  void theEmulatorRefusesReferencesAsKlingDoesWithCode1201() throws Exception {
    String ok = base64(mara);
    String[] eight = new String[7]; // with the first frame, 8 entries
    Arrays.fill(eight, ok);
    String gif = Base64.getEncoder().encodeToString("GIF89a-not-a-jpg-or-png".getBytes());
    String small = base64(harness.png(200, 320, Color.WHITE, Color.BLACK));
    String wide = base64(harness.png(900, 320, Color.WHITE, Color.BLACK));

    List<KlingApiException> refusals = List.of(
        refused(KlingAdapter.OMNI_VIDEO, omniBody("kling-v3-omni", "p", eight)),
        refused(KlingAdapter.OMNI_VIDEO, omniBody("kling-v3-omni", "p", gif)),
        refused(KlingAdapter.OMNI_VIDEO, omniBody("kling-v3-omni", "p", small)),
        refused(KlingAdapter.OMNI_VIDEO, omniBody("kling-v3-omni", "p", wide)),
        refused(KlingAdapter.OMNI_VIDEO, omniBody("kling-v3-omni", "<<<image_3>>> walks", ok)),
        refused(KlingAdapter.OMNI_VIDEO, omniBody("kling-v9-omni", "p", ok)),
        refused(KlingAdapter.OMNI_VIDEO, (ObjectNode) omniBody("kling-v3-omni", "p", ok).set("element_list",
            harness.json.createArrayNode().add(harness.json.createObjectNode().put("element_id", 829836802793406551L)))),
        refused(KlingAdapter.IMAGE_TO_VIDEO, (ObjectNode) harness.json.createObjectNode()
            .put("model_name", "kling-v3-omni").put("image", ok).put("duration", "5")),
        // Kling 2.6 makes start + end frame clips silent only (capability map, docs/providers.md §1.13)
        refused(KlingAdapter.IMAGE_TO_VIDEO, (ObjectNode) harness.json.createObjectNode()
            .put("model_name", "kling-v2-6").put("mode", "pro").put("image", ok).put("image_tail", ok)
            .put("duration", "5").put("sound", "on")));

    for (KlingApiException e : refusals) {
      assertEquals(400, e.httpStatus, e.getMessage());
      assertEquals(1201, e.code, e.getMessage());
    }
    assertTrue(refusals.get(0).getMessage().contains("at most 7"), refusals.get(0).getMessage());
    assertTrue(refusals.get(1).getMessage().contains(".jpg, .jpeg or .png"), refusals.get(1).getMessage());
    assertTrue(refusals.get(2).getMessage().contains("at least 300px"), refusals.get(2).getMessage());
    assertTrue(refusals.get(3).getMessage().contains("1:2.5"), refusals.get(3).getMessage());
    assertTrue(refusals.get(8).getMessage().contains("with image_tail"), refusals.get(8).getMessage());
    assertEquals(0, emulator.submissions().total(), "no task was created");
    assertTrue(emulator.referenceImages().isEmpty());
  }
}
