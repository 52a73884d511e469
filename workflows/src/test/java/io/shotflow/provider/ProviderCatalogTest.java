package io.shotflow.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
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
    assertFalse(ProviderCatalog.isPaid("local"));
    assertTrue(ProviderCatalog.isPaid("sync"));
    assertTrue(ProviderCatalog.isPaid("replicate"));
    assertThrows(IllegalArgumentException.class, () -> Capabilities.of("sync", "kling-v2.1", "pro"));
  }
}
