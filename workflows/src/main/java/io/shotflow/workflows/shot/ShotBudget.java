package io.shotflow.workflows.shot;

import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.RateCard;
import io.shotflow.shot.SpendGrant;
import io.shotflow.shot.Take;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The shot's money: the allowance the storyboard set aside for it at start, what each round reserves from it at the
 * rate card's prices, the shortfalls asked of the storyboard and its answers, and what the takes cost.
 */
final class ShotBudget {

  /** What the allowance lacked for a reservation, asked of the storyboard as spend request {@code seq}. */
  record Shortfall(int seq, BigDecimal amount) {}

  private final RateCard rateCard;
  private final ProviderCapabilities capabilities;
  private final String model;
  private final String tier;
  private BigDecimal allowance;
  private BigDecimal spend = BigDecimal.ZERO;
  private int spendSequence;
  private final Set<Integer> awaitingGrant = new LinkedHashSet<>();
  private final Map<Integer, Boolean> grants = new HashMap<>();

  /** {@code allowance} null is none. */
  ShotBudget(BigDecimal allowance, RateCard rateCard, ProviderCapabilities capabilities, String model, String tier) {
    this.allowance = allowance == null ? BigDecimal.ZERO : allowance;
    this.rateCard = rateCard;
    this.capabilities = capabilities;
    this.model = model;
    this.tier = tier;
  }

  /** The estimated price of one round of {@code generation}: one call per variant. */
  BigDecimal roundPrice(Generation generation) {
    return price(generation.kind(), generation.provider(), generation.seconds())
        .multiply(BigDecimal.valueOf(generation.variants()));
  }

  /** A stand-in's price beyond what the round reserved for the generation's own provider (negative when cheaper). */
  BigDecimal standInDifference(Generation generation, String standIn) {
    return price(generation.kind(), standIn, generation.seconds())
        .subtract(price(generation.kind(), generation.provider(), generation.seconds()));
  }

  private BigDecimal price(GenerationKind kind, String provider, int seconds) {
    return rateCard.price(kind, provider, model, tier, seconds, capabilities);
  }

  /**
   * Takes a positive {@code price} from the allowance. What the allowance lacks empties it and becomes a shortfall to
   * ask the storyboard for, awaited until {@link #settle}; null when the allowance covers the price (or there is none).
   */
  Shortfall reserve(BigDecimal price) {
    if (price.signum() <= 0) {
      return null;
    }
    if (allowance.compareTo(price) >= 0) {
      allowance = allowance.subtract(price);
      return null;
    }
    BigDecimal shortfall = price.subtract(allowance);
    allowance = BigDecimal.ZERO;
    int seq = ++spendSequence;
    awaitingGrant.add(seq);
    return new Shortfall(seq, shortfall);
  }

  /** The storyboard's answer to a spend request. */
  void answer(SpendGrant grant) {
    grants.put(grant.seq(), grant.granted());
  }

  boolean answered(int seq) {
    return grants.containsKey(seq);
  }

  /** Ends the wait for spend request {@code seq}: whether the storyboard granted it. */
  boolean settle(int seq) {
    awaitingGrant.remove(seq);
    return grants.get(seq);
  }

  boolean awaitingGrant() {
    return !awaitingGrant.isEmpty();
  }

  /** The shot ended: no spend request is awaited any more. */
  void stopAwaiting() {
    awaitingGrant.clear();
  }

  /** Adds what {@code take} cost to the spend; false when it cost nothing. */
  boolean spend(Take take) {
    if (take.costUsd() == null || take.costUsd().signum() <= 0) {
      return false;
    }
    spend = spend.add(take.costUsd());
    return true;
  }

  BigDecimal spent() {
    return spend;
  }
}
