package io.shotflow.activities.provider;

import static io.shotflow.activities.provider.ProviderHarness.await;
import static io.shotflow.activities.provider.ProviderHarness.clip;
import static io.shotflow.activities.provider.ProviderHarness.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotflow.activities.media.MediaProbe;
import io.shotflow.activities.provider.fal.FalAdapter;
import io.shotflow.activities.provider.kling.KlingAdapter;
import io.shotflow.activities.provider.replicate.ReplicateAdapter;
import io.shotflow.activities.provider.wavespeed.WaveSpeedAdapter;
import io.shotflow.emulator.common.SubmissionCounter;
import io.shotflow.emulator.fal.FalEmulator;
import io.shotflow.emulator.kling.KlingEmulator;
import io.shotflow.emulator.replicate.ReplicateEmulator;
import io.shotflow.emulator.wavespeed.WaveSpeedEmulator;
import io.shotflow.media.AssetRef;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.RateCard;
import java.awt.Color;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kling 2.5 Turbo, 2.6, 3.0 and O1 through each adapter against its emulator over real HTTP: the request the emulator
 * received names the model the models file gives, the duration and the frames where that provider's schema puts them;
 * the clip comes back as real video of that length, charged what the rate card reserves.
 */
class NewKlingModelsTest {

  @TempDir Path dir;

  private ProviderHarness harness;
  private AssetRef start;
  private AssetRef end;

  @BeforeEach
  void start() throws Exception {
    harness = new ProviderHarness(dir);
    start = harness.png(320, 180, Color.BLUE, Color.CYAN);
    end = harness.png(320, 180, Color.RED, Color.ORANGE);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static SubmissionCounter.Received last(SubmissionCounter submissions) {
    List<SubmissionCounter.Received> all = submissions.received();
    return all.get(all.size() - 1);
  }

  private GenerationResult run(ProviderActivitiesImpl activities, GenerationRequest request) {
    return await(activities, activities.submit(request), request);
  }

  private void assertClip(GenerationResult result, double seconds, GenerationRequest request) throws Exception {
    assertEquals(seconds, MediaProbe.probe(harness.store.path(result.asset().id())).durationSeconds(), 1e-6);
    assertEquals(0, RateCard.defaults().price(request).compareTo(result.costUsd()),
        "charged " + result.costUsd() + ", reserved " + RateCard.defaults().price(request));
  }

  @Test
  void klingsOwnApi() throws Exception {
    try (KlingEmulator emulator = KlingEmulator.start(KlingEmulator.Options.of("ak", "sk")
        .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withSizes(320, 320)
        .withFolder(dir.resolve("kling")))) {
      ProviderSettings config = new ProviderSettings("kling");
      config.setBaseUrl(URI.create(emulator.baseUrl()));
      config.setAccessKey("ak");
      config.setSecretKey("sk");
      config.setRequestTimeout(Duration.ofSeconds(10));
      KlingAdapter adapter = new KlingAdapter(config, new ProviderInputs(null, harness.store), harness.http,
          harness.json, Clock.systemUTC());
      ProviderActivitiesImpl activities = harness.activities(adapter);

      GenerationRequest turbo = clip("kling", ProviderCatalog.KLING_V2_5_TURBO, "pro", 10, start, end);
      assertClip(run(activities, turbo), 10, turbo);
      JsonNode sent = last(emulator.submissions()).body();
      assertEquals("kling-v2-5-turbo", sent.path("model_name").asText());
      assertEquals("pro", sent.path("mode").asText());
      assertEquals("10", sent.path("duration").asText());
      assertTrue(sent.hasNonNull("image") && sent.hasNonNull("image_tail"), "start and end frame: " + sent);

      GenerationRequest v3 = clip("kling", ProviderCatalog.KLING_V3, "pro", 12, start, null);
      GenerationResult twelve = run(activities, v3);
      assertClip(twelve, 12, v3);
      sent = last(emulator.submissions()).body();
      assertEquals("kling-v3", sent.path("model_name").asText());
      assertEquals("12", sent.path("duration").asText());
      assertFalse(sent.has("sound"), "silent unless asked (sound defaults to off)");
      assertEquals(0, new BigDecimal("2.688").compareTo(twelve.costUsd()), "12 s × 1.6 units × $0.14");

      GenerationRequest v26 = clip("kling", ProviderCatalog.KLING_V2_6, "pro", 5, start, null);
      assertClip(run(activities, v26), 5, v26);
      assertEquals("kling-v2-6", last(emulator.submissions()).body().path("model_name").asText());

      GenerationRequest o1 = clip("kling", ProviderCatalog.KLING_O1, "pro", 5, start, end);
      assertClip(run(activities, o1), 5, o1);
      SubmissionCounter.Received omni = last(emulator.submissions());
      assertEquals("/v1/videos/omni-video", omni.model());
      assertEquals("kling-video-o1", omni.body().path("model_name").asText());
      assertEquals("first_frame", omni.body().path("image_list").get(0).path("type").asText());
      assertEquals("end_frame", omni.body().path("image_list").get(1).path("type").asText());

      GenerationRequest master = clip("kling", ProviderCatalog.KLING_V3, "master", 5, start, null);
      ProviderException noMaster = fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(master));
      assertTrue(noMaster.getMessage().startsWith("model: kling offers"), noMaster.getMessage());

      GenerationRequest tooLong = clip("kling", ProviderCatalog.KLING_V2_5_TURBO, "pro", 12, start, null);
      ProviderException refused = fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(tooLong));
      assertTrue(refused.getMessage().startsWith("duration: kling kling-v2.5-turbo pro makes 5 or 10 s"),
          refused.getMessage());
      GenerationRequest stdTail = clip("kling", ProviderCatalog.KLING_V2_5_TURBO, "standard", 5, start, end);
      assertTrue(fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(stdTail)).getMessage()
          .startsWith("end_frame:"));
      assertEquals(4, emulator.submissions().total(), "refusals send nothing");
    }
  }

  @Test
  void fal() throws Exception {
    try (FalEmulator emulator = FalEmulator.start(FalEmulator.Options.of("fal-key")
        .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withClipMaxLongSide(320)
        .withFolder(dir.resolve("fal")))) {
      ProviderSettings config = new ProviderSettings("fal");
      config.setBaseUrl(URI.create(emulator.baseUrl()));
      config.setApiKey("fal-key");
      config.setRequestTimeout(Duration.ofSeconds(10));
      FalAdapter adapter = new FalAdapter(config, new ProviderInputs(null, harness.store), harness.http, harness.json);
      ProviderActivitiesImpl activities = harness.activities(adapter);

      GenerationRequest turbo = clip("fal", ProviderCatalog.KLING_V2_5_TURBO, "pro", 5, start, end);
      assertClip(run(activities, turbo), 5, turbo);
      SubmissionCounter.Received sent = last(emulator.submissions());
      assertEquals("fal-ai/kling-video/v2.5-turbo/pro/image-to-video", sent.model());
      assertTrue(sent.body().hasNonNull("image_url") && sent.body().hasNonNull("tail_image_url"), sent.body().toString());
      assertEquals("5", sent.body().path("duration").asText());

      GenerationRequest v3 = clip("fal", ProviderCatalog.KLING_V3, "pro", 12, start, end);
      GenerationResult twelve = run(activities, v3);
      assertClip(twelve, 12, v3);
      sent = last(emulator.submissions());
      assertEquals("fal-ai/kling-video/v3/pro/image-to-video", sent.model());
      assertEquals("12", sent.body().path("duration").asText());
      assertTrue(sent.body().hasNonNull("start_image_url") && sent.body().hasNonNull("end_image_url"));
      assertFalse(sent.body().path("generate_audio").asBoolean(true), "priced silent, so sent silent");
      assertEquals(0, new BigDecimal("2.688").compareTo(twelve.costUsd()), "12 s at $0.224/s");

      GenerationRequest v26 = clip("fal", ProviderCatalog.KLING_V2_6, "pro", 10, start, null);
      GenerationResult ten = run(activities, v26);
      assertClip(ten, 10, v26);
      assertEquals("fal-ai/kling-video/v2.6/pro/image-to-video", last(emulator.submissions()).model());
      assertEquals(0, new BigDecimal("0.70").compareTo(ten.costUsd()), "10 s at $0.07/s");

      GenerationRequest o1 = clip("fal", ProviderCatalog.KLING_O1, "pro", 5, start, null);
      assertClip(run(activities, o1), 5, o1);
      sent = last(emulator.submissions());
      assertEquals("fal-ai/kling-video/o1/reference-to-video", sent.model());
      assertEquals(1, sent.body().path("image_urls").size(), "the start frame is the first reference");
      assertTrue(sent.body().path("prompt").asText().startsWith("Take @Image1 as the start frame."));
    }
  }

  @Test
  void waveSpeedAndReplicateServeKling25Turbo() throws Exception {
    try (WaveSpeedEmulator emulator = WaveSpeedEmulator.start(WaveSpeedEmulator.Options.of("ws-key")
        .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withClipMaxLongSide(320)
        .withFolder(dir.resolve("wavespeed")))) {
      ProviderSettings config = new ProviderSettings("wavespeed");
      config.setBaseUrl(URI.create(emulator.baseUrl()));
      config.setApiKey("ws-key");
      config.setRequestTimeout(Duration.ofSeconds(10));
      ProviderActivitiesImpl activities = harness.activities(
          new WaveSpeedAdapter(config, new ProviderInputs(null, harness.store), harness.http, harness.json));
      GenerationRequest turbo = clip("wavespeed", ProviderCatalog.KLING_V2_5_TURBO, "pro", 10, start, end);
      assertClip(run(activities, turbo), 10, turbo);
      SubmissionCounter.Received sent = last(emulator.submissions());
      assertEquals("kwaivgi/kling-v2.5-turbo-pro/image-to-video", sent.model());
      assertTrue(sent.body().hasNonNull("image") && sent.body().hasNonNull("last_image"), sent.body().toString());
      assertEquals(10, sent.body().path("duration").asInt());
    }
    try (ReplicateEmulator emulator = ReplicateEmulator.start(ReplicateEmulator.Options.of("r8-key")
        .withLatency(Duration.ofMillis(50), Duration.ofMillis(150)).withSizes(320, 320)
        .withFolder(dir.resolve("replicate")))) {
      ProviderSettings config = new ProviderSettings("replicate");
      config.setBaseUrl(URI.create(emulator.baseUrl()));
      config.setApiKey("r8-key");
      config.setRequestTimeout(Duration.ofSeconds(10));
      ReplicateAdapter adapter = new ReplicateAdapter(config, new ProviderInputs(null, harness.store), harness.http,
          harness.json);
      ProviderActivitiesImpl activities = harness.activities(adapter);
      GenerationRequest turbo = clip("replicate", ProviderCatalog.KLING_V2_5_TURBO, "pro", 5, start, null);
      assertClip(run(activities, turbo), 5, turbo);
      SubmissionCounter.Received sent = last(emulator.submissions());
      assertEquals("kwaivgi/kling-v2.5-turbo-pro", sent.model());
      JsonNode input = sent.body().path("input");
      assertEquals(5, input.path("duration").asInt());
      assertTrue(input.hasNonNull("start_image"));
      assertFalse(input.has("mode"), "kling-v2.5-turbo-pro is one tier: no mode");
      GenerationRequest withTail = clip("replicate", ProviderCatalog.KLING_V2_5_TURBO, "pro", 5, start, end);
      assertTrue(fails(ProviderError.INVALID_REQUEST, () -> adapter.submit(withTail)).getMessage()
          .startsWith("end_frame:"));
    }
  }
}
