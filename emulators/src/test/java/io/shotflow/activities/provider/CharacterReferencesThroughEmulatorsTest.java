package io.shotflow.activities.provider;

import static io.shotflow.activities.provider.ProviderHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotflow.activities.provider.fal.FalAdapter;
import io.shotflow.activities.provider.kling.KlingAdapter;
import io.shotflow.emulator.common.SubmissionCounter;
import io.shotflow.emulator.common.VoiceLibrary;
import io.shotflow.emulator.fal.FalEmulator;
import io.shotflow.emulator.kling.KlingEmulator;
import io.shotflow.media.AssetRef;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.RateCard;
import java.math.BigDecimal;
import io.shotflow.provider.ProviderCatalog;
import java.awt.Color;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clip with character references and native audio reaches the emulators with the references and the sound asked for. */
class CharacterReferencesThroughEmulatorsTest {

  @TempDir Path dir;

  private ProviderHarness harness;
  private AssetRef start;
  private AssetRef mara;
  private AssetRef ivo;

  @BeforeEach
  void start() throws Exception {
    harness = new ProviderHarness(dir);
    start = harness.png(320, 180, Color.BLUE, Color.CYAN);
    mara = harness.png(320, 320, Color.YELLOW, Color.ORANGE);
    ivo = harness.png(320, 320, Color.GRAY, Color.DARK_GRAY);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static GenerationRequest withCharacters(GenerationRequest r, boolean nativeAudio, List<AssetRef> refs) {
    return new GenerationRequest(r.idempotencyKey(), r.storyboardId(), r.shotId(), r.kind(), r.provider(), r.model(),
        r.tier(), r.prompt(), r.negativePrompt(), r.durationSeconds(), r.width(), r.height(), r.fps(), r.aspectRatio(),
        r.startFrame(), r.endFrame(), null, null, 1,
        nativeAudio ? new GenerationRequest.Speech("Cast off!", VoiceLibrary.PRESET, "en", 1.0) : null, null, refs,
        nativeAudio);
  }

  private static JsonNode lastBody(SubmissionCounter submissions) {
    List<SubmissionCounter.Received> all = submissions.received();
    return all.get(all.size() - 1).body();
  }

  @Test
  void falKling3TakesTheReferencesAsElementsAndGeneratesAudio() throws Exception {
    try (FalEmulator emulator = FalEmulator.start(FalEmulator.Options.of("fal-key")
        .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withClipMaxLongSide(320)
        .withFolder(dir.resolve("fal")))) {
      ProviderSettings config = ProviderHarness.settings("fal", emulator.baseUrl(), "fal-key");
      config.setRequestTimeout(Duration.ofSeconds(10));
      ProviderActivitiesImpl activities = harness.activities(new FalAdapter(config,
          new ProviderInputs(null, harness.store), harness.http, harness.json));

      GenerationRequest v3 = withCharacters(ProviderHarness.clip("fal", ProviderCatalog.KLING_V3, "pro", 5, start,
          null), true, List.of(mara, ivo));
      GenerationResult made = await(activities, activities.submit(v3), v3);
      assertEquals(0, new BigDecimal("1.96").compareTo(made.costUsd()), "5 s with voice control at $0.392/s: "
          + made.costUsd());
      JsonNode sent = lastBody(emulator.submissions());
      assertEquals(2, sent.path("elements").size(), sent.toString());
      assertTrue(sent.path("elements").get(0).path("frontal_image_url").asText().startsWith("data:image/png"),
          sent.toString());
      assertTrue(sent.path("generate_audio").asBoolean(false), "native audio asked for");
      assertTrue(sent.path("prompt").asText().startsWith("@Element1 @Element2 "), sent.path("prompt").asText());
      assertTrue(sent.path("prompt").asText().contains("<<<voice_1>>> says: \"Cast off!\""), "the line in its voice");
      assertEquals(VoiceLibrary.PRESET, sent.path("voice_ids").path(0).asText(), sent.toString());
    }
  }

  @Test
  void klingO1TakesTheReferencesInItsImageListAndKling3SoundOn() throws Exception {
    try (KlingEmulator emulator = KlingEmulator.start(KlingEmulator.Options.of("ak", "sk")
        .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withSizes(320, 320)
        .withFolder(dir.resolve("kling")))) {
      ProviderSettings config = ProviderHarness.settings("kling", emulator.baseUrl(), null);
      config.setAccessKey("ak");
      config.setSecretKey("sk");
      config.setRequestTimeout(Duration.ofSeconds(10));
      ProviderActivitiesImpl activities = harness.activities(new KlingAdapter(config,
          new ProviderInputs(null, harness.store), harness.http, harness.json, Clock.systemUTC()));

      GenerationRequest o1 = withCharacters(ProviderHarness.clip("kling", ProviderCatalog.KLING_O1, "pro", 5, start,
          null), false, List.of(mara, ivo));
      await(activities, activities.submit(o1), o1);
      JsonNode sent = lastBody(emulator.submissions());
      assertEquals(3, sent.path("image_list").size(), "the start frame and two references: " + sent);
      assertTrue(sent.path("prompt").asText().startsWith("<<<image_2>>> <<<image_3>>> "), sent.path("prompt").asText());

      GenerationRequest v3 = withCharacters(ProviderHarness.clip("kling", ProviderCatalog.KLING_V3, "pro", 5, start,
          null), true, List.of());
      GenerationResult sounding = await(activities, activities.submit(v3), v3);
      assertEquals("on", lastBody(emulator.submissions()).path("sound").asText());
      assertEquals(0, RateCard.defaults().price(v3).compareTo(sounding.costUsd()),
          "charged " + sounding.costUsd() + ", reserved " + RateCard.defaults().price(v3));
      assertEquals(0, new BigDecimal("1.68").compareTo(sounding.costUsd()), "5 s × 2.4 units × $0.14");
    }
  }
}
