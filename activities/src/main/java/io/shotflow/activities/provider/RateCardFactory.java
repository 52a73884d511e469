package io.shotflow.activities.provider;

import io.micronaut.context.annotation.Factory;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.Optional;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.RateCard;

/**
 * The configured {@link RateCard}: the catalog's prices (docs/providers.md §8), each replaceable with
 * {@code shotflow.rate-card.<provider>.<key>} (for example {@code shotflow.rate-card.kling.clip-pro-5s: 0.42}, or the
 * environment variable {@code SHOTFLOW_RATE_CARD_KLING_CLIP_PRO_5S}). Only known keys are read, so every price has one
 * meaning; a value that is not a price of 0 or more stops the start with the key named. Kling's prices start from its
 * declared units at the configured {@code shotflow.providers.kling.unit-price-usd} and {@code .image-unit-price-usd}
 * ({@link RateCard#withKlingUnitPrices}), so the card prices what the account's packs cost; a rate-card key still wins.
 */
@Factory
public class RateCardFactory {

  static final String PREFIX = "shotflow.rate-card.";

  @Singleton
  public RateCard rateCard(PropertyResolver properties, ProviderSettingsRegistry providers) {
    ProviderSettings kling = providers.get(ProviderCatalog.KLING);
    RateCard card = RateCard.defaults().withKlingUnitPrices(kling.getUnitPriceUsd(), kling.getImageUnitPriceUsd());
    for (String provider : ProviderCatalog.providers()) {
      for (String key : RateCard.keys(provider)) {
        String name = PREFIX + provider + "." + key;
        Optional<String> value = properties.getProperty(name, String.class);
        if (value.isPresent()) {
          card = card.with(provider, key, price(name, value.get()));
        }
      }
    }
    return card;
  }

  private static BigDecimal price(String name, String value) {
    try {
      BigDecimal price = new BigDecimal(value.trim());
      if (price.signum() < 0) {
        throw new ConfigurationException(name + " must be a price in USD of 0 or more, not " + value);
      }
      return price;
    } catch (NumberFormatException e) {
      throw new ConfigurationException(name + " must be a price in USD such as 0.49, not '" + value + "'");
    }
  }
}
