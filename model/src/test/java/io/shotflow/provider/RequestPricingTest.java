package io.shotflow.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The one pricing function: what a request is reserved at, and what a job billed so and otherwise is charged. */
class RequestPricingTest {

  private static final String V21 = ProviderCatalog.KLING_V2_1;

  static GenerationRequest request(GenerationKind kind, String provider, String model, String tier, int seconds,
      int width, int height) {
    return new GenerationRequest("sb/a/clip:a/a1/v1", "sb", "a", kind, provider, model, tier, "p", null, seconds,
        width, height, 24, "16:9", null, null, null, null, 1);
  }

  private static void assertUsd(String expected, BigDecimal actual) {
    assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + ", was " + actual);
  }

  @Test
  void falBillsAKeyframePerStartedMegapixel() {
    RateCard card = RateCard.defaults();

    assertUsd("0.025", card.price(request(GenerationKind.KEYFRAME, "fal", V21, "pro", 0, 1280, 720)));
    assertUsd("0.075", card.price(request(GenerationKind.KEYFRAME, "fal", V21, "pro", 0, 1920, 1080)));
    assertUsd("0.05", card.price(request(GenerationKind.KEYFRAME, "fal", V21, "pro", 0, 1000, 1001)));
    assertUsd("0.014", card.price(request(GenerationKind.KEYFRAME, "kling", V21, "pro", 0, 1920, 1080)));
    assertUsd("0.025", card.price(request(GenerationKind.KEYFRAME, "wavespeed", V21, "pro", 0, 1920, 1080)));
    assertUsd("0.075", card.keyframePrice("fal", V21, "pro", 1920, 1080, ProviderCapabilities.catalog()));
  }

  @Test
  void aJobBilledAsAskedCostsItsPriceForEveryProviderAndKind() {
    RateCard card = RateCard.defaults();
    for (String provider : ProviderCatalog.providers()) {
      for (String model : ProviderCatalog.models(provider)) {
        for (String tier : ProviderCatalog.TIERS) {
          if (ProviderCatalog.find(provider, model, tier).isEmpty()) {
            continue;
          }
          for (GenerationKind kind : new GenerationKind[] {GenerationKind.KEYFRAME, GenerationKind.CLIP,
              GenerationKind.EXTEND}) {
            for (int seconds : new int[] {5, 10}) {
              GenerationRequest r = request(kind, provider, model, tier, kind == GenerationKind.KEYFRAME ? 0 : seconds,
                  1920, 1080);
              assertEquals(0, card.price(r).compareTo(card.charge(r, Billing.AS_REQUESTED)), r.toString());
              if (provider.equals("kling")) {
                BigDecimal units = KlingUnits.of(kind, model, tier, r.durationSeconds());
                assertEquals(0, card.price(r).compareTo(card.charge(r, Billing.units(units))), r.toString());
              }
            }
          }
        }
      }
      if (ProviderCatalog.supportsLipSync(provider)) {
        for (int seconds : new int[] {2, 5, 6, 11}) {
          GenerationRequest r = request(GenerationKind.LIP_SYNC, provider, null, null, seconds, 1280, 720);
          assertEquals(0, card.price(r).compareTo(card.charge(r, Billing.outputSeconds(seconds))), r.toString());
          if (provider.equals("kling")) {
            assertEquals(0, card.price(r).compareTo(
                card.charge(r, Billing.units(KlingUnits.of(GenerationKind.LIP_SYNC, null, null, seconds)))));
          }
        }
      }
    }
  }

  @Test
  void aJobBilledOtherwiseIsChargedForWhatWasBilled() {
    RateCard card = RateCard.defaults();
    GenerationRequest pro = request(GenerationKind.CLIP, "kling", V21, "pro", 5, 1920, 1080);
    assertUsd("0.98", card.charge(pro, Billing.units(new BigDecimal("7"))));
    assertUsd("0", card.charge(pro, Billing.units(BigDecimal.ZERO)));
    GenerationRequest lipSync = request(GenerationKind.LIP_SYNC, "sync", null, null, 5, 1280, 720);
    assertUsd("0.30", card.charge(lipSync, Billing.outputSeconds(5.04)));
    assertUsd("0.25", card.charge(lipSync, Billing.outputSeconds(5.0000001)));
    GenerationRequest kfLipSync = request(GenerationKind.LIP_SYNC, "kling", null, null, 5, 1280, 720);
    assertUsd("0.14", card.charge(kfLipSync, Billing.units(BigDecimal.ONE)));
  }

  @Test
  void klingsPricesAreItsDeclaredUnitsAtTheConfiguredUnitPrices() {
    RateCard defaults = RateCard.defaults();
    assertEquals(defaults, defaults.withKlingUnitPrices(new BigDecimal("0.14"), new BigDecimal("0.0035")),
        "the catalog's Kling prices are its units at $0.14 and $0.0035");

    RateCard bulk = defaults.withKlingUnitPrices(new BigDecimal("0.126"), new BigDecimal("0.003"));
    assertUsd("0.252", bulk.price(GenerationKind.CLIP, "kling", V21, "standard", 5));
    assertUsd("0.882", bulk.price(GenerationKind.CLIP, "kling", V21, "pro", 10));
    assertUsd("1.26", bulk.price(GenerationKind.CLIP, "kling", V21, "master", 5));
    assertUsd("0.441", bulk.price(GenerationKind.EXTEND, "kling", ProviderCatalog.KLING_V1_6, "pro", 10));
    assertUsd("0.012", bulk.price(GenerationKind.KEYFRAME, "kling", V21, "pro", 0));
    assertUsd("0.063", bulk.price(GenerationKind.LIP_SYNC, "kling", null, null, 5));
    assertUsd("0.45", bulk.price(GenerationKind.CLIP, "wavespeed", V21, "pro", 5));
  }
}
