package io.shotflow.provider;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A price (or a count of Kling units) for a clip of some seconds: either a table of whole clips by length
 * ({@code perClip}, Kling 2.1's 5 s and 10 s) or an amount per second ({@code perSecond}, Kling 3.0 on fal). Exactly
 * one of the two is given.
 */
public record Rate(SortedMap<Integer, BigDecimal> perClip, BigDecimal perSecond) {

  public Rate {
    perClip = Collections.unmodifiableSortedMap(new TreeMap<>(perClip == null ? Map.of() : perClip));
    if (perClip.isEmpty() == (perSecond == null)) {
      throw new IllegalArgumentException("a rate is either per clip or per second: " + perClip + " / " + perSecond);
    }
  }

  public static Rate perClip(Map<Integer, BigDecimal> prices) {
    return new Rate(new TreeMap<>(prices), null);
  }

  public static Rate perSecond(BigDecimal price) {
    return new Rate(null, price);
  }

  /** The amount for a clip of {@code seconds}; throws {@link IllegalArgumentException} for a length the table lacks. */
  public BigDecimal of(int seconds) {
    if (perSecond != null) {
      return perSecond.multiply(BigDecimal.valueOf(seconds));
    }
    BigDecimal price = perClip.get(seconds);
    if (price == null) {
      throw new IllegalArgumentException("no price for " + seconds + " s clips (priced: " + perClip.keySet() + ")");
    }
    return price;
  }

  /** This rate with every amount multiplied by {@code factor} (units at a unit price). */
  public Rate times(BigDecimal factor) {
    if (perSecond != null) {
      return perSecond(perSecond.multiply(factor));
    }
    TreeMap<Integer, BigDecimal> scaled = new TreeMap<>();
    perClip.forEach((seconds, amount) -> scaled.put(seconds, amount.multiply(factor)));
    return new Rate(scaled, null);
  }
}
