package io.shotflow.workflows.shot;

import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.RateCard;
import io.shotflow.shot.SpendGrant;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The shot's money: the allowance the storyboard set aside for it at start, what each take reserves from it before its
 * submit at the price of its request ({@link RateCard#price(GenerationRequest, ProviderCapabilities)}, the function the
 * adapters report a job's cost through), the shortfalls asked of the storyboard and its answers, and what the takes
 * cost. After every job its actual cost replaces its reservation ({@link #reconcile}): what a job cost less goes back to
 * the allowance; what it cost more is taken from the allowance, and what the allowance lacks is owed and asked of the
 * storyboard with the next reservation, before anything else is submitted.
 *
 * <p>Accounting, in USD: {@code allowance} (set aside, not reserved) and {@code owed} are never negative, and
 * {@code allowance + reserved + spent - owed} is what the storyboard gave the shot (its allowance and grants).
 */
/** Public, as are its accounting methods, for the budget property tests, which drive it with the storyboard ledger. */
public final class ShotBudget {

  /** What the allowance lacked for a reservation, asked of the storyboard as spend request {@code seq}. */
  public record Shortfall(int seq, BigDecimal amount) {}

  private final RateCard rateCard;
  private final ProviderCapabilities capabilities;
  private BigDecimal allowance;
  /** Reserved for takes submitted and not yet reconciled. */
  private BigDecimal reserved = BigDecimal.ZERO;
  /** What jobs cost beyond their reservations that the allowance could not cover, not yet granted. */
  private BigDecimal owed = BigDecimal.ZERO;
  private BigDecimal spend = BigDecimal.ZERO;
  private int spendSequence;
  private final Set<Integer> awaitingGrant = new LinkedHashSet<>();
  private final Map<Integer, Boolean> grants = new HashMap<>();

  /** {@code allowance} null is none. */
  public ShotBudget(BigDecimal allowance, RateCard rateCard, ProviderCapabilities capabilities) {
    this.allowance = allowance == null ? BigDecimal.ZERO : allowance;
    this.rateCard = rateCard;
    this.capabilities = capabilities;
  }

  /** What one take of {@code request} is reserved at: its price as the adapter will charge it when billed as asked. */
  public BigDecimal price(GenerationRequest request) {
    return rateCard.price(request, capabilities);
  }

  /** The price of one round of {@code generation}: one call per variant. */
  BigDecimal roundPrice(Generation generation) {
    BigDecimal total = BigDecimal.ZERO;
    for (int v = 1; v <= generation.variants(); v++) {
      total = total.add(price(generation.request("", 1, v)));
    }
    return total;
  }

  /**
   * Reserves a positive {@code price}, with anything owed, from the allowance. What the allowance lacks empties it
   * and becomes a shortfall to ask the storyboard for, awaited until {@link #settle}; null when the allowance covers it
   * (or nothing is to be reserved or owed). The shortfall includes the debt: it is settled when the grant comes.
   */
  public Shortfall reserve(BigDecimal price) {
    BigDecimal positive = price.signum() > 0 ? price : BigDecimal.ZERO;
    BigDecimal needed = positive.add(owed);
    if (needed.signum() <= 0) {
      return null;
    }
    reserved = reserved.add(positive);
    owed = BigDecimal.ZERO;
    if (allowance.compareTo(needed) >= 0) {
      allowance = allowance.subtract(needed);
      return null;
    }
    BigDecimal shortfall = needed.subtract(allowance);
    allowance = BigDecimal.ZERO;
    int seq = ++spendSequence;
    awaitingGrant.add(seq);
    return new Shortfall(seq, shortfall);
  }

  /**
   * A job whose take reserved {@code held} ended having cost {@code actual} (zero when it failed or made no take): the
   * reservation is released, the cost spent, and the difference goes back to the allowance or is taken from it; what
   * the allowance cannot cover is owed until the next {@link #reserve}.
   */
  public void reconcile(BigDecimal held, BigDecimal actual) {
    BigDecimal cost = actual == null || actual.signum() < 0 ? BigDecimal.ZERO : actual;
    reserved = reserved.subtract(held);
    spend = spend.add(cost);
    BigDecimal beyond = cost.subtract(held);
    if (beyond.signum() <= 0) {
      allowance = allowance.add(beyond.negate());
    } else if (allowance.compareTo(beyond) >= 0) {
      allowance = allowance.subtract(beyond);
    } else {
      owed = owed.add(beyond.subtract(allowance));
      allowance = BigDecimal.ZERO;
    }
  }

  /** The storyboard's answer to a spend request. */
  public void answer(SpendGrant grant) {
    grants.put(grant.seq(), grant.granted());
  }

  public boolean answered(int seq) {
    return grants.containsKey(seq);
  }

  /** Ends the wait for spend request {@code seq}: whether the storyboard granted it. */
  public boolean settle(int seq) {
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

  /** What the takes cost so far. */
  public BigDecimal spent() {
    return spend;
  }

  /** Set aside for the shot and not reserved. */
  public BigDecimal allowance() {
    return allowance;
  }

  /** Reserved for jobs not yet reconciled. */
  public BigDecimal reserved() {
    return reserved;
  }

  /** What jobs cost beyond their reservations and the allowance, to be granted before the next submit. */
  public BigDecimal owed() {
    return owed;
  }
}
