package io.shotflow.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateCardTest {

  private static final String V21 = ProviderCatalog.KLING_V2_1;

  @Test
  void defaultsAreTheCatalogPricesForEveryKindAndProvider() {
    RateCard card = RateCard.defaults();
    for (String provider : ProviderCatalog.providers()) {
      for (String tier : ProviderCatalog.TIERS) {
        if (ProviderCatalog.find(provider, V21, tier).isEmpty()) {
          continue;
        }
        for (GenerationKind kind : List.of(GenerationKind.KEYFRAME, GenerationKind.CLIP, GenerationKind.EXTEND)) {
          for (int seconds : new int[] {5, 10}) {
            assertEquals(ProviderCatalog.price(kind, provider, V21, tier, seconds), card.price(kind, provider, V21, tier, seconds),
                provider + " " + kind + " " + tier + " " + seconds);
          }
        }
      }
      if (ProviderCatalog.supportsLipSync(provider)) {
        for (int seconds : new int[] {2, 5, 6, 11}) {
          assertEquals(0, ProviderCatalog.price(GenerationKind.LIP_SYNC, provider, null, null, seconds)
              .compareTo(card.price(GenerationKind.LIP_SYNC, provider, null, null, seconds)), provider + " lip-sync " + seconds);
        }
      }
    }
    assertEquals(List.of("lip-sync-unit"), RateCard.keys("sync"));
    assertTrue(RateCard.keys("kling").containsAll(List.of("keyframe", "clip-pro-5s", "extend-master-10s", "lip-sync-unit",
        "v1-6-clip-standard-5s", "v1-6-extend-pro-5s")));
    assertFalse(RateCard.keys("fal").contains("v1-6-extend-pro-5s"));
    assertEquals(new BigDecimal("0.49"), card.price(GenerationKind.EXTEND, "kling", ProviderCatalog.KLING_V1_6, "pro", 5));
  }

  @Test
  void overridesChangeOnePriceAndAreCheckedByName() {
    RateCard card = RateCard.defaults()
        .with("kling", "clip-pro-5s", new BigDecimal("0.441"))
        .with("kling", "lip-sync-unit", new BigDecimal("0.10"))
        .with("local", "keyframe", new BigDecimal("0.01"));

    assertEquals(new BigDecimal("0.441"), card.price(GenerationKind.CLIP, "kling", V21, "pro", 5));
    assertEquals(new BigDecimal("0.49"), card.price(GenerationKind.CLIP, "kling", ProviderCatalog.KLING_V1_6, "pro", 5),
        "Kling 1.6 has keys of its own");
    assertEquals(new BigDecimal("0.35"), card.with("kling", "v1-6-extend-pro-5s", new BigDecimal("0.35"))
        .price(GenerationKind.EXTEND, "kling", ProviderCatalog.KLING_V1_6, "pro", 5));
    assertEquals(new BigDecimal("0.98"), card.price(GenerationKind.CLIP, "kling", V21, "pro", 10));
    assertEquals(new BigDecimal("0.20"), card.price(GenerationKind.LIP_SYNC, "kling", null, null, 6), "two started 5 s units");
    assertTrue(card.isPaid("local"));
    assertFalse(RateCard.defaults().isPaid("local"));

    IllegalArgumentException unknownKey = assertThrows(IllegalArgumentException.class,
        () -> card.with("sync", "clip-pro-5s", BigDecimal.ONE));
    assertTrue(unknownKey.getMessage().contains("sync has no price 'clip-pro-5s' (its keys: lip-sync-unit)"), unknownKey.getMessage());
    assertThrows(IllegalArgumentException.class, () -> card.with("acme", "keyframe", BigDecimal.ONE));
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> card.with("fal", "keyframe", new BigDecimal("-1")));
    assertTrue(negative.getMessage().contains("fal.keyframe"), negative.getMessage());
  }

  @Test
  void aSnapshotKeepsOnlyTheProvidersUsedAndSurvivesJson() throws Exception {
    RateCard snapshot = RateCard.defaults().with("fal", "clip-pro-5s", new BigDecimal("0.5")).forProviders(Set.of("kling", "fal"));
    assertTrue(snapshot.prices().keySet().stream().allMatch(k -> k.startsWith("kling.") || k.startsWith("fal.")));
    assertEquals(RateCard.keys("kling").size() + RateCard.keys("fal").size(), snapshot.prices().size());

    ObjectMapper json = new ObjectMapper();
    RateCard back = json.readValue(json.writeValueAsString(snapshot), RateCard.class);
    assertEquals(snapshot, back);
    assertEquals(new BigDecimal("0.5"), back.price(GenerationKind.CLIP, "fal", V21, "pro", 5));
    // a provider outside the snapshot falls back to the catalog
    assertEquals(new BigDecimal("0.45"), back.price(GenerationKind.CLIP, "wavespeed", V21, "pro", 5));
  }

  @Test
  void aModelPricedPerSecondHasPerSecondKeysAndPricesAnyLength() throws Exception {
    RateCard card = RateCard.defaults();
    assertTrue(RateCard.keys("fal").containsAll(List.of("v3-clip-pro-per-second", "v3-audio-pro-per-second",
        "v3-voice-pro-per-second", "v3-extend-standard-per-second", "v2-5-turbo-clip-pro-10s", "o1-clip-pro-per-second")));
    assertEquals(0, new BigDecimal("2.688").compareTo(card.price(GenerationKind.CLIP, "fal", "kling-v3", "pro", 12)));
    assertEquals(0, new BigDecimal("0.672").compareTo(card.price(GenerationKind.EXTEND, "fal", "kling-v3", "pro", 3)));
    RateCard cheaper = card.with("fal", "v3-clip-pro-per-second", new BigDecimal("0.2"));
    assertEquals(0, new BigDecimal("2.4").compareTo(cheaper.price(GenerationKind.CLIP, "fal", "kling-v3", "pro", 12)));
    // Kling's per-second units at the unit price: 1.6 units/s × $0.15 for 3.0 pro
    RateCard units = card.withKlingUnitPrices(new BigDecimal("0.15"), new BigDecimal("0.0035"));
    assertEquals(0, new BigDecimal("2.88").compareTo(units.price(GenerationKind.CLIP, "kling", "kling-v3", "pro", 12)));
    assertEquals(0, new BigDecimal("0.375").compareTo(
        units.price(GenerationKind.CLIP, "kling", "kling-v2.5-turbo", "pro", 5)), "2.5 units × $0.15");
    ObjectMapper json = new ObjectMapper();
    RateCard back = json.readValue(json.writeValueAsString(cheaper.forProviders(Set.of("fal"))), RateCard.class);
    assertEquals(0, new BigDecimal("3.0").compareTo(back.price(GenerationKind.CLIP, "fal", "kling-v3", "pro", 15)));
  }

  @Test
  void aCapabilitiesSnapshotWithPerSecondRatesSurvivesJson() throws Exception {
    ProviderCapabilities snapshot = ProviderCapabilities.snapshot(List.of("kling", "fal"), "kling-v3", "pro");
    ObjectMapper json = new ObjectMapper();
    ProviderCapabilities back = json.readValue(json.writeValueAsString(snapshot), ProviderCapabilities.class);
    assertEquals(snapshot, back);
    assertTrue(back.find("fal", "kling-v3", "pro").orElseThrow().supportsDuration(12));
    assertEquals(0, new BigDecimal("2.688").compareTo(
        RateCard.defaults().price(GenerationKind.CLIP, "fal", "kling-v3", "pro", 12, back)));
  }
}
