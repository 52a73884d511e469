package io.shotflow.activities.provider;

import static io.shotflow.activities.provider.ProviderHarness.await;
import static io.shotflow.activities.provider.ProviderHarness.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.RateCard;
import io.temporal.failure.ApplicationFailure;
import java.awt.Color;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native audio in a named voice through the Kling and fal adapters against their emulators: where the model binds
 * voices (Kling 2.6 pro on Kling; 2.6 pro and 3.0 on fal) the line's voice arrives as the provider's voice list, named
 * {@code <<<voice_1>>>} in the prompt next to the line, and the take is charged the voice-control rate the shot
 * reserved; a model without voice control gets the line without a voice at the audio rate; a voice the account does not
 * have is refused, by Kling at the submit (no task, nothing deducted) and by fal in the result.
 */
class VoiceBindingTest {

  private static final String LINE = "Cast off, Ivo!";

  @TempDir Path dir;

  private ProviderHarness harness;
  private AssetRef start;

  @BeforeEach
  void start() throws Exception {
    harness = new ProviderHarness(dir);
    start = harness.png(320, 180, Color.BLUE, Color.CYAN);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  /** A clip of {@code model} with native audio speaking {@link #LINE} in {@code voiceId}. */
  private GenerationRequest speaking(String provider, String model, String tier, int seconds, String voiceId) {
    GenerationRequest r = ProviderHarness.clip(provider, model, tier, seconds, start, null);
    return new GenerationRequest(r.idempotencyKey(), r.storyboardId(), r.shotId(), r.kind(), provider, model, tier,
        r.prompt(), r.negativePrompt(), seconds, r.width(), r.height(), r.fps(), r.aspectRatio(), start, null, null,
        null, 1, new GenerationRequest.Speech(LINE, voiceId, "en", 1.0), null, List.of(), true);
  }

  /** What the shot reserves: the rate card at the storyboard's snapshot, as ShotBudget prices it. */
  private static BigDecimal reserved(GenerationRequest request) {
    return RateCard.defaults().price(request,
        ProviderCapabilities.snapshot(List.of(request.provider()), request.model(), request.tier()));
  }

  private static JsonNode lastBody(SubmissionCounter submissions) {
    List<SubmissionCounter.Received> all = submissions.received();
    return all.get(all.size() - 1).body();
  }

  private static void assertCharged(String expected, GenerationRequest request, GenerationResult result) {
    assertEquals(0, new BigDecimal(expected).compareTo(result.costUsd()), "charged " + result.costUsd());
    assertEquals(0, reserved(request).compareTo(result.costUsd()),
        "reserved " + reserved(request) + ", charged " + result.costUsd());
  }

  @Test
  void klingBindsTheVoiceOnKling26AndRefusesAnUnknownOneAtTheSubmit() throws Exception {
    try (KlingEmulator emulator = KlingEmulator.start(KlingEmulator.Options.of("ak", "sk")
        .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withSizes(320, 320)
        .withFolder(dir.resolve("kling")))) {
      ProviderSettings config = ProviderHarness.settings("kling", emulator.baseUrl(), null);
      config.setAccessKey("ak");
      config.setSecretKey("sk");
      config.setRequestTimeout(Duration.ofSeconds(10));
      KlingAdapter adapter = new KlingAdapter(config, new ProviderInputs(null, harness.store), harness.http,
          harness.json, Clock.systemUTC());
      ProviderActivitiesImpl activities = harness.activities(adapter);

      GenerationRequest voiced = speaking("kling", ProviderCatalog.KLING_V2_6, "pro", 5, VoiceLibrary.PRESET);
      GenerationResult made = await(activities, activities.submit(voiced), voiced);
      JsonNode sent = lastBody(emulator.submissions());
      assertEquals("on", sent.path("sound").asText());
      assertEquals(VoiceLibrary.PRESET, sent.path("voice_list").path(0).path("voice_id").asText(), sent.toString());
      assertEquals(1, sent.path("voice_list").size());
      assertTrue(sent.path("prompt").asText().endsWith("The speaker <<<voice_1>>> says: \"" + LINE + "\""),
          sent.path("prompt").asText());
      VoiceLibrary.Binding binding = emulator.voices().bindings().get(0);
      assertEquals(List.of(VoiceLibrary.PRESET), binding.voiceIds());
      assertEquals("kling-v2-6", binding.model());
      assertCharged("0.84", voiced, made); // 5 s × 1.2 units × $0.14

      // Kling 3.0 on Kling's own API has no voice control: the line without a voice, at the audio rate
      GenerationRequest v3 = speaking("kling", ProviderCatalog.KLING_V3, "pro", 5, VoiceLibrary.PRESET);
      GenerationResult audio = await(activities, activities.submit(v3), v3);
      sent = lastBody(emulator.submissions());
      assertFalse(sent.has("voice_list"), sent.toString());
      assertTrue(sent.path("prompt").asText().endsWith("Dialogue: \"" + LINE + "\""), sent.path("prompt").asText());
      assertCharged("1.68", v3, audio); // 5 s × 2.4 units × $0.14
      assertEquals(1, emulator.voices().bindings().size());

      // a lip-sync voice is not one of the account's voices: refused, nothing created
      long before = emulator.submissions().total();
      GenerationRequest unknown = speaking("kling", ProviderCatalog.KLING_V2_6, "pro", 5, "en_AOT");
      ProviderException refused = fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(unknown));
      assertTrue(refused.getMessage().contains("voice_list"), refused.getMessage());
      assertEquals(before, emulator.submissions().total(), "no task for a refused voice");

      // a voice the account created is accepted
      emulator.voices().add("custom-ivo");
      GenerationRequest custom = speaking("kling", ProviderCatalog.KLING_V2_6, "pro", 10, "custom-ivo");
      assertCharged("1.68", custom, await(activities, activities.submit(custom), custom)); // 10 s × 1.2 × $0.14
      assertEquals("custom-ivo", lastBody(emulator.submissions()).path("voice_list").path(0).path("voice_id").asText());
    }
  }

  @Test
  void falBindsTheVoiceOnKling3AndKling26() throws Exception {
    try (FalEmulator emulator = FalEmulator.start(FalEmulator.Options.of("fal-key")
        .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withClipMaxLongSide(320)
        .withFolder(dir.resolve("fal")))) {
      ProviderSettings config = ProviderHarness.settings("fal", emulator.baseUrl(), "fal-key");
      config.setRequestTimeout(Duration.ofSeconds(10));
      ProviderActivitiesImpl activities = harness.activities(new FalAdapter(config,
          new ProviderInputs(null, harness.store), harness.http, harness.json));

      GenerationRequest v3 = speaking("fal", ProviderCatalog.KLING_V3, "pro", 12, VoiceLibrary.PRESET);
      GenerationResult twelve = await(activities, activities.submit(v3), v3);
      JsonNode sent = lastBody(emulator.submissions());
      assertTrue(sent.path("generate_audio").asBoolean(false));
      assertEquals(VoiceLibrary.PRESET, sent.path("voice_ids").path(0).asText(), sent.toString());
      assertTrue(sent.path("prompt").asText().endsWith("The speaker <<<voice_1>>> says: \"" + LINE + "\""),
          sent.path("prompt").asText());
      assertCharged("4.704", v3, twelve); // 12 s at $0.392/s
      assertEquals("fal-ai/kling-video/v3/pro/image-to-video", emulator.voices().bindings().get(0).model());

      GenerationRequest v26 = speaking("fal", ProviderCatalog.KLING_V2_6, "pro", 5, VoiceLibrary.PRESET);
      assertCharged("0.84", v26, await(activities, activities.submit(v26), v26)); // 5 s at $0.168/s
      assertEquals(VoiceLibrary.PRESET, lastBody(emulator.submissions()).path("voice_ids").path(0).asText());
      assertEquals(2, emulator.voices().bindings().size());

      // fal validates in the runner: an unknown voice fails the request (422), which is not charged
      GenerationRequest unknown = speaking("fal", ProviderCatalog.KLING_V3, "standard", 5, "en_AOT");
      ApplicationFailure failed = assertThrows(ApplicationFailure.class,
          () -> await(activities, activities.submit(unknown), unknown));
      assertTrue(failed.getMessage().contains("voice_ids"), failed.getMessage());
      assertEquals(2, emulator.voices().bindings().size());
    }
  }
}
