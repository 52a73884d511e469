package io.shotflow.workflows.storyboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.storyboard.SpendRequest;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetLedgerTest {

  private static BigDecimal usd(String amount) {
    return new BigDecimal(amount);
  }

  private static SpendRequest request(String shotId, int seq, String amount) {
    return new SpendRequest(shotId, "wf-" + shotId, seq, usd(amount), "clip of " + shotId);
  }

  /** Shot a reserves $0.50, shot b $0.30: $0.80 committed from the start. */
  private static BudgetLedger ledger(String budget) {
    Map<String, BigDecimal> allowances = new LinkedHashMap<>();
    allowances.put("a", usd("0.50"));
    allowances.put("b", usd("0.30"));
    return new BudgetLedger(budget == null ? null : usd(budget), allowances);
  }

  @Test
  void everyAllowanceIsCommittedFromTheStart() {
    BudgetLedger ledger = ledger("1.00");
    assertEquals(usd("0.80"), ledger.estimate());
    assertEquals(usd("0.80"), ledger.committed());
    assertEquals(usd("0.50"), ledger.allowance("a"));
    assertFalse(ledger.paused());
  }

  @Test
  void grantsTheHeldRequestsThatFitOldestFirstAndHoldsTheRest() {
    BudgetLedger ledger = ledger("1.00");
    SpendRequest tooBig = request("a", 1, "0.30");
    SpendRequest fits = request("b", 1, "0.15");
    SpendRequest fitsExactly = request("a", 2, "0.05");
    ledger.hold(tooBig);
    ledger.hold(fits);
    ledger.hold(fitsExactly);

    assertEquals(List.of(fits, fitsExactly), ledger.grantWhatFits());

    assertEquals(usd("1.00"), ledger.committed());
    assertTrue(ledger.paused());
    assertEquals(1, ledger.heldRequests());
    assertTrue(ledger.awaitingBudget("a"));
    assertFalse(ledger.awaitingBudget("b"));
    assertEquals(List.of(), ledger.grantWhatFits(), "a granted request is not granted again");
  }

  @Test
  void withoutACapEveryRequestIsGranted() {
    BudgetLedger ledger = ledger(null);
    ledger.hold(request("a", 1, "5.00"));
    ledger.hold(request("b", 1, "7.00"));

    assertEquals(2, ledger.grantWhatFits().size());
    assertEquals(usd("12.80"), ledger.committed());
    assertEquals("committed $12.80", ledger.committedText());
  }

  @Test
  void aHigherBudgetGrantsWhatItMakesFit() {
    BudgetLedger ledger = ledger("0.80");
    SpendRequest again = request("a", 1, "0.40");
    ledger.hold(again);
    assertEquals(List.of(), ledger.grantWhatFits());
    assertEquals("committed $0.80 of $0.80", ledger.committedText());

    ledger.validateBudget(usd("1.20"));
    ledger.setBudget(usd("1.20"));

    assertEquals(List.of(again), ledger.grantWhatFits());
    assertFalse(ledger.paused());
    assertEquals("committed $1.20 of $1.20", ledger.committedText());
  }

  @Test
  void aBudgetThatIsNotPositiveOrBelowWhatIsCommittedIsRefused() {
    BudgetLedger ledger = ledger("1.00");
    assertEquals("budget_usd must be greater than 0",
        assertThrows(IllegalArgumentException.class, () -> ledger.validateBudget(null)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> ledger.validateBudget(BigDecimal.ZERO));
    assertThrows(IllegalArgumentException.class, () -> ledger.validateBudget(usd("-1")));
    assertEquals("budget_usd $0.79 is below the $0.80 already committed to shots",
        assertThrows(IllegalArgumentException.class, () -> ledger.validateBudget(usd("0.79"))).getMessage());
    ledger.validateBudget(usd("0.80"));
  }

  @Test
  void aShotThatEndsCommitsWhatItSpentInPlaceOfItsAllowanceAndGrants() {
    BudgetLedger ledger = ledger(null);
    ledger.hold(request("a", 1, "0.20"));
    ledger.grantWhatFits();
    assertEquals(usd("1.00"), ledger.committed());

    ledger.release("a", usd("0.60"));
    assertEquals(usd("0.90"), ledger.committed(), "b's $0.30 reserved plus a's $0.60 spent");

    ledger.release("b", null);
    assertEquals(usd("0.60"), ledger.committed(), "a shot that spent nothing commits nothing");
    ledger.release("b", null);
    assertEquals(usd("0.60"), ledger.committed(), "a reservation is given back once");
  }

  @Test
  void aShotThatEndedNoLongerWaitsForBudget() {
    BudgetLedger ledger = ledger("0.80");
    ledger.hold(request("a", 1, "0.10"));
    ledger.hold(request("b", 1, "0.10"));

    ledger.withdraw("a");

    assertFalse(ledger.awaitingBudget("a"));
    assertTrue(ledger.awaitingBudget("b"));
    assertEquals(1, ledger.heldRequests());
  }
}
