package io.shotflow.workflows.storyboard;

import io.shotflow.storyboard.SpendRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The budget a storyboard's shots share. Each shot's allowance is reserved from the start; a shot that needs more
 * sends a spend request, which is granted when it fits under the budget and held until a higher budget makes it fit
 * otherwise. A shot that ends gives back its reservation and commits what it actually spent.
 */
final class BudgetLedger {

  /** Null: no cap. */
  private BigDecimal budget;
  private final BigDecimal estimate;
  /** Allowances reserved for shots plus grants, less what finished shots did not spend. */
  private BigDecimal committed;
  private final Map<String, BigDecimal> allowances;
  /** What each shot has reserved and not yet settled: its allowance plus its grants. */
  private final Map<String, BigDecimal> reserved = new LinkedHashMap<>();
  /** Spend requests waiting for budget, in arrival order. */
  private final List<SpendRequest> held = new ArrayList<>();

  /** A ledger that reserves each shot's allowance, in the order given. */
  BudgetLedger(BigDecimal budget, Map<String, BigDecimal> allowances) {
    this.budget = budget;
    this.allowances = new LinkedHashMap<>(allowances);
    BigDecimal total = BigDecimal.ZERO;
    for (Map.Entry<String, BigDecimal> allowance : allowances.entrySet()) {
      reserved.put(allowance.getKey(), allowance.getValue());
      total = total.add(allowance.getValue());
    }
    this.estimate = total;
    this.committed = total;
  }

  BigDecimal budget() {
    return budget;
  }

  /** What the shots' allowances add up to. */
  BigDecimal estimate() {
    return estimate;
  }

  BigDecimal committed() {
    return committed;
  }

  BigDecimal allowance(String shotId) {
    return allowances.get(shotId);
  }

  /** Holds a request until {@link #grantWhatFits()} grants it. */
  void hold(SpendRequest request) {
    held.add(request);
  }

  /** Forgets the held requests of a shot that ended: nobody waits for them any more. */
  void withdraw(String shotId) {
    held.removeIf(r -> r.shotId().equals(shotId));
  }

  /**
   * Grants the held requests that fit under the budget, oldest first, and commits them to their shots. A request that
   * does not fit stays held; a later, smaller one may still fit.
   */
  List<SpendRequest> grantWhatFits() {
    List<SpendRequest> granted = new ArrayList<>();
    for (Iterator<SpendRequest> it = held.iterator(); it.hasNext(); ) {
      SpendRequest r = it.next();
      if (budget == null || committed.add(r.amountUsd()).compareTo(budget) <= 0) {
        it.remove();
        committed = committed.add(r.amountUsd());
        reserved.put(r.shotId(), reserved.get(r.shotId()).add(r.amountUsd()));
        granted.add(r);
      }
    }
    return granted;
  }

  /** A shot ended: what it reserved is replaced by what it spent (null: nothing). */
  void release(String shotId, BigDecimal spent) {
    committed = committed.subtract(reserved.get(shotId)).add(spent == null ? BigDecimal.ZERO : spent);
    reserved.put(shotId, BigDecimal.ZERO);
  }

  /** Refuses a budget that is not positive or below what is already committed. */
  void validateBudget(BigDecimal budgetUsd) {
    if (budgetUsd == null || budgetUsd.signum() <= 0) {
      throw new IllegalArgumentException("budget_usd must be greater than 0");
    }
    if (budgetUsd.compareTo(committed) < 0) {
      throw new IllegalArgumentException("budget_usd $" + budgetUsd.toPlainString() + " is below the $"
          + committed.toPlainString() + " already committed to shots");
    }
  }

  /** A new cap; {@link #grantWhatFits()} grants what it makes fit. */
  void setBudget(BigDecimal budgetUsd) {
    budget = budgetUsd;
  }

  /** Whether a spend request waits for a higher budget. */
  boolean paused() {
    return !held.isEmpty();
  }

  int heldRequests() {
    return held.size();
  }

  boolean awaitingBudget(String shotId) {
    return held.stream().anyMatch(r -> r.shotId().equals(shotId));
  }

  /** "committed $0.50 of $1.00" (without " of …" when there is no cap). */
  String committedText() {
    return "committed $" + committed.toPlainString() + (budget == null ? "" : " of $" + budget.toPlainString());
  }
}
