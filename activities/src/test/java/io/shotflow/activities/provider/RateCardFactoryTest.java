package io.shotflow.activities.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.RateCard;

class RateCardFactoryTest {

  private static final String V21 = ProviderCatalog.KLING_V2_1;

  @Test
  void configuredPricesReplaceTheCatalogDefaultsOneKeyAtATime() {
    try (ApplicationContext context = ApplicationContext.run(Map.of(
        "shotflow.rate-card.kling.clip-pro-5s", "0.42",
        "shotflow.rate-card.sync.lip-sync-unit", "0.04",
        "shotflow.rate-card.fal.keyframe", 0.03))) {
      RateCard card = context.getBean(RateCard.class);
      assertEquals(new BigDecimal("0.42"), card.price(GenerationKind.CLIP, "kling", V21, "pro", 5));
      assertEquals(new BigDecimal("0.98"), card.price(GenerationKind.CLIP, "kling", V21, "pro", 10));
      assertEquals(0, new BigDecimal("0.40").compareTo(card.price(GenerationKind.LIP_SYNC, "sync", null, null, 10)));
      assertEquals(0, new BigDecimal("0.03").compareTo(card.price(GenerationKind.KEYFRAME, "fal", V21, "pro", 0)));
      assertEquals(RateCard.defaults().prices().size(), card.prices().size());
    }
  }

  @Test
  void klingsPricesAreItsUnitsAtTheConfiguredUnitPricesUnlessARateCardKeySaysOtherwise() {
    try (ApplicationContext context = ApplicationContext.run(Map.of(
        "shotflow.providers.kling.unit-price-usd", "0.126",
        "shotflow.providers.kling.image-unit-price-usd", "0.003",
        "shotflow.rate-card.kling.clip-pro-5s", "0.42"))) {
      RateCard card = context.getBean(RateCard.class);
      assertEquals(0, new BigDecimal("0.252").compareTo(card.price(GenerationKind.CLIP, "kling", V21, "standard", 5)));
      assertEquals(0, new BigDecimal("0.012").compareTo(card.price(GenerationKind.KEYFRAME, "kling", V21, "pro", 0)));
      assertEquals(new BigDecimal("0.42"), card.price(GenerationKind.CLIP, "kling", V21, "pro", 5));
      assertEquals(0, new BigDecimal("0.45").compareTo(card.price(GenerationKind.CLIP, "wavespeed", V21, "pro", 5)));
    }
  }

  @Test
  void aValueThatIsNotAPriceStopsTheStartNamingTheKey() {
    for (String bad : new String[] {"cheap", "-0.1"}) {
      try (ApplicationContext context = ApplicationContext.run(Map.of("shotflow.rate-card.kling.clip-pro-5s", bad))) {
        BeanInstantiationException e = assertThrows(BeanInstantiationException.class, () -> context.getBean(RateCard.class));
        assertTrue(e.getMessage().contains("shotflow.rate-card.kling.clip-pro-5s must be a price in USD"), e.getMessage());
      }
    }
  }
}
