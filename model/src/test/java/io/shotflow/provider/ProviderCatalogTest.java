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
  void everyModelDeclaresKlingsPromptLimitWithinTheLargestAccepted() {
    for (Capabilities c : ProviderCapabilities.catalog().video()) {
      assertEquals(2500, c.maxPromptChars(), c.provider() + " " + c.model() + " " + c.tier());
      assertTrue(c.maxPromptChars() <= io.shotflow.spec.InputLimits.MAX_PROMPT_CHARS);
    }
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
    assertEquals(List.of("kling-v2.1", "kling-v1.6", "kling-v2.5-turbo", "kling-v2.6", "kling-v3", "kling-o1"),
        ProviderCatalog.models("kling"));
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
    assertTrue(ProviderCapabilities.catalog().canServe("fal", spoken));
    assertFalse(ProviderCapabilities.catalog().canServe("sync", spoken), "Sync does not speak text");
    // priced like audio: by the video's length
    assertEquals(ProviderCatalog.price(GenerationKind.LIP_SYNC, "kling", null, null, 5),
        RateCard.defaults().price(GenerationKind.LIP_SYNC, "kling", null, null, spoken.durationSeconds()));
  }
}
