package io.shotflow.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.media.AssetRef;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderCatalogTest {

  @Test
  void kling21EndFramesOnlyInProAndMasterTakesNone() {
    for (String provider : new String[] {"kling", "fal", "wavespeed", "replicate"}) {
      assertFalse(Capabilities.of(provider, "kling-v2.1", "standard").endFrame(), provider);
      assertTrue(Capabilities.of(provider, "kling-v2.1", "pro").endFrame(), provider);
      assertFalse(Capabilities.of(provider, "kling-v2.1", "master").endFrame(), provider);
      assertFalse(Capabilities.of(provider, "kling-v2.1", "pro").nativeExtend(), provider);
      assertTrue(Capabilities.of(provider, "kling-v2.1", "pro").supportsDuration(10), provider);
      assertFalse(Capabilities.of(provider, "kling-v2.1", "pro").supportsDuration(7), provider);
    }
    assertTrue(Capabilities.of("local", "kling-v2.1", "master").endFrame());
  }

  @Test
  void pricesComeFromTheReference() {
    assertEquals(new BigDecimal("0.49"), ProviderCatalog.price(GenerationKind.CLIP, "kling", "kling-v2.1", "pro", 5));
    assertEquals(new BigDecimal("2.80"), ProviderCatalog.price(GenerationKind.EXTEND, "fal", "kling-v2.1", "master", 10));
    assertEquals(new BigDecimal("0.90"), ProviderCatalog.price(GenerationKind.CLIP, "wavespeed", "kling-v2.1", "pro", 10));
    assertEquals(new BigDecimal("0.014"), ProviderCatalog.price(GenerationKind.KEYFRAME, "kling", "kling-v2.1", "standard", 0));
    // lip-sync: Kling bills started 5 s steps, Sync bills seconds
    assertEquals(new BigDecimal("0.14"), ProviderCatalog.price(GenerationKind.LIP_SYNC, "kling", null, null, 6));
    assertEquals(new BigDecimal("0.30"), ProviderCatalog.price(GenerationKind.LIP_SYNC, "sync", null, null, 6));
    assertEquals(0, BigDecimal.ZERO.compareTo(ProviderCatalog.price(GenerationKind.CLIP, "local", "kling-v2.1", "pro", 10)));
  }

  @Test
  void lipSyncAndPaidFlags() {
    assertTrue(ProviderCatalog.supportsLipSync("sync"));
    assertTrue(ProviderCatalog.supportsLipSync("local"));
    assertEquals(10, ProviderCatalog.lipSync("fal").orElseThrow().videoMaxSeconds());
    assertEquals(5L * 1024 * 1024, ProviderCatalog.lipSync("kling").orElseThrow().audioMaxBytes());
    assertTrue(ProviderCatalog.models("sync").isEmpty());
    assertFalse(RateCard.defaults().isPaid("local"));
    assertTrue(RateCard.defaults().isPaid("sync"));
    assertTrue(RateCard.defaults().isPaid("replicate"));
    assertThrows(IllegalArgumentException.class, () -> Capabilities.of("sync", "kling-v2.1", "pro"));
  }

  @Test
  void kling16HasNativeExtendPricedPerExtension() {
    Capabilities pro = Capabilities.of("kling", "kling-v1.6", "pro");
    assertTrue(pro.nativeExtend());
    assertTrue(pro.endFrame());
    assertFalse(Capabilities.of("kling", "kling-v1.6", "standard").endFrame());
    assertTrue(ProviderCatalog.find("kling", "kling-v1.6", "master").isEmpty());
    assertTrue(ProviderCatalog.find("fal", "kling-v1.6", "pro").isEmpty());
    assertFalse(Capabilities.of("local", "kling-v2.1", "pro").nativeExtend(), "local extends from the last frame");
    assertEquals(List.of("kling-v2.1", "kling-v1.6"), ProviderCatalog.models("kling"));
    // 2 / 3.5 units per extension at $0.14
    assertEquals(new BigDecimal("0.28"), ProviderCatalog.price(GenerationKind.EXTEND, "kling", "kling-v1.6", "standard", 5));
    assertEquals(new BigDecimal("0.49"), ProviderCatalog.price(GenerationKind.EXTEND, "kling", "kling-v1.6", "pro", 5));
    assertEquals(new BigDecimal("0.98"), ProviderCatalog.price(GenerationKind.CLIP, "kling", "kling-v1.6", "pro", 10));
  }

  @Test
  void textDrivenLipSyncEverywhereButSync() {
    for (String provider : List.of("local", "kling", "fal", "wavespeed", "replicate")) {
      assertTrue(ProviderCatalog.lipSync(provider).orElseThrow().fromText(), provider);
    }
    assertFalse(ProviderCatalog.lipSync("sync").orElseThrow().fromText());
    AssetRef video = new AssetRef("b".repeat(64) + ".mp4", "video/mp4");
    GenerationRequest spoken = new GenerationRequest("sb/a/s/a1/v1", "sb", "a", GenerationKind.LIP_SYNC, "kling",
        ProviderCatalog.KLING_V2_1, "pro", "p", null, 5, 1280, 720, 24, "16:9", null, null, video, null, 1,
        new GenerationRequest.Speech("Hello.", "en_AOT", "en", 1.0), null);
    assertTrue(ProviderCatalog.canServe("fal", spoken));
    assertFalse(ProviderCatalog.canServe("sync", spoken), "Sync does not speak text");
    // priced like audio: by the video's length
    assertEquals(ProviderCatalog.price(GenerationKind.LIP_SYNC, "kling", null, null, 5),
        RateCard.defaults().price(GenerationKind.LIP_SYNC, "kling", null, null, spoken.durationSeconds()));
  }

  @Test
  void aNativeExtendHasNoStandIn() {
    AssetRef video = new AssetRef("b".repeat(64) + ".mp4", "video/mp4");
    GenerationRequest extension = new GenerationRequest("sb/a/s/a1/v1", "sb", "a", GenerationKind.EXTEND, "kling",
        ProviderCatalog.KLING_V1_6, "pro", "p", null, 5, 1280, 720, 24, "16:9", null, null, video, null, 1, null, "vid-1");
    assertFalse(ProviderCatalog.canServe("fal", extension));
    assertFalse(ProviderCatalog.canServe("local", extension));
  }

  @Test
  void aStandInMustServeTheKindTierEndFrameDurationAndLipSyncLimits() {
    AssetRef frame = new AssetRef("a".repeat(64) + ".png", "image/png");
    AssetRef video = new AssetRef("b".repeat(64) + ".mp4", "video/mp4");
    AssetRef wav = new AssetRef("c".repeat(64) + ".wav", "audio/wav");
    GenerationRequest proClip = request(GenerationKind.CLIP, "kling", "pro", 10, frame, frame, null, null);
    assertTrue(ProviderCatalog.canServe("fal", proClip));
    assertTrue(ProviderCatalog.canServe("wavespeed", proClip));
    assertFalse(ProviderCatalog.canServe("sync", proClip), "lip-sync only");
    GenerationRequest masterWithEnd = request(GenerationKind.CLIP, "kling", "master", 5, frame, frame, null, null);
    assertFalse(ProviderCatalog.canServe("fal", masterWithEnd), "master takes no end frame");
    assertTrue(ProviderCatalog.canServe("fal", request(GenerationKind.EXTEND, "kling", "master", 5, frame, null, video, null)));
    assertFalse(ProviderCatalog.canServe("fal", request(GenerationKind.CLIP, "kling", "pro", 7, frame, null, null, null)));
    assertTrue(ProviderCatalog.canServe("replicate", request(GenerationKind.KEYFRAME, "kling", "pro", 0, null, null, null, null)));
    assertFalse(ProviderCatalog.canServe("sync", request(GenerationKind.KEYFRAME, "kling", "pro", 0, null, null, null, null)));

    GenerationRequest lipSync = request(GenerationKind.LIP_SYNC, "kling", "pro", 8, null, null, video, wav);
    assertTrue(ProviderCatalog.canServe("fal", lipSync));
    assertTrue(ProviderCatalog.canServe("sync", lipSync), "wider audio limits than Kling's");
    assertFalse(ProviderCatalog.canServe("fal", request(GenerationKind.LIP_SYNC, "kling", "pro", 12, null, null, video, wav)),
        "Kling lip-sync takes at most 10 s of video");
    assertFalse(ProviderCatalog.canServe("kling", request(GenerationKind.LIP_SYNC, "sync", "pro", 8, null, null, video, wav)),
        "5 MB of audio is less than the 20 MB the dialogue may have been validated against");
    AssetRef ogg = new AssetRef("d".repeat(64) + ".ogg", "audio/ogg");
    assertFalse(ProviderCatalog.canServe("fal", request(GenerationKind.LIP_SYNC, "kling", "pro", 8, null, null, video, ogg)));
  }

  private static GenerationRequest request(GenerationKind kind, String provider, String tier, int seconds, AssetRef start,
      AssetRef end, AssetRef video, AssetRef audio) {
    return new GenerationRequest("sb/a/s/a1/v1", "sb", "a", kind, provider, ProviderCatalog.KLING_V2_1, tier, "p", null,
        seconds, 1280, 720, 24, "16:9", start, end, video, audio, 1);
  }
}
