package io.shotflow.workflows.shot;

import static io.shotflow.workflows.shot.Fixtures.image;
import static io.shotflow.workflows.shot.Fixtures.review;
import static io.shotflow.workflows.shot.Fixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.provider.RateCard;
import io.shotflow.shot.SpendGrant;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ShotBudgetTest {

  private static final GenerationRequests REQUESTS = new GenerationRequests("sb", Fixtures.shot(),
      settings(review("auto", "auto", "pause")), Fixtures.CAPABILITIES);

  private static ShotBudget budget(String allowance) {
    return new ShotBudget(allowance == null ? null : new BigDecimal(allowance), RateCard.defaults(),
        Fixtures.CAPABILITIES);
  }

  private static BigDecimal usd(String amount) {
    return new BigDecimal(amount);
  }

  @Test
  void aRoundCostsOneCallPerVariantAtTheRateCardsPrice() {
    ShotBudget budget = budget("1");

    assertEquals(usd("0.98"), budget.roundPrice(REQUESTS.clip(image("s"), null)), "two 5 s Kling pro clips");
    assertEquals(usd("0.014"), budget.roundPrice(REQUESTS.keyframe("start")));
  }

  @Test
  void aRateCardPriceOverridesTheCatalogs() {
    RateCard card = RateCard.defaults().with("kling", RateCard.clipKey(Fixtures.MODEL, "pro", 5), usd("0.30"));
    ShotBudget budget = new ShotBudget(usd("1"), card, Fixtures.CAPABILITIES);

    assertEquals(usd("0.60"), budget.roundPrice(REQUESTS.clip(image("s"), null)));
  }

  @Test
  void aTakeIsPricedByItsRequestOnWhicheverProviderRunsIt() {
    ShotBudget budget = budget("1");
    var keyframe = REQUESTS.keyframe("start").request("k", 1, 1);

    assertEquals(usd("0.014"), budget.price(keyframe));
    assertEquals(0, usd("0.025").compareTo(budget.price(keyframe.withProvider("fal"))), "720p: one megapixel");
    assertEquals(usd("0.45"), budget.price(REQUESTS.clip(image("s"), null).request("p", 1, 1).withProvider("wavespeed")));
  }

  @Test
  void reservationsComeFromTheAllowanceUntilItRunsOut() {
    ShotBudget budget = budget("1.00");

    assertNull(budget.reserve(usd("0.49")));
    assertNull(budget.reserve(usd("0.49")));
    assertEquals(new ShotBudget.Shortfall(1, usd("0.47")), budget.reserve(usd("0.49")));
    assertFalse(budget.answered(1));
    assertEquals(new ShotBudget.Shortfall(2, usd("0.10")), budget.reserve(usd("0.10")), "the allowance is spent");
    assertTrue(budget.awaitingGrant());
  }

  @Test
  void anAllowanceCoversAPriceUpToTheLastCent() {
    ShotBudget budget = budget("0.98");

    assertNull(budget.reserve(usd("0.49")));
    assertNull(budget.reserve(usd("0.49")));
    assertFalse(budget.awaitingGrant());
    assertEquals(new ShotBudget.Shortfall(1, usd("0.01")), budget.reserve(usd("0.01")));
  }

  @Test
  void nothingIsReservedForAFreeCallEvenWithoutAnAllowance() {
    ShotBudget budget = budget(null);

    assertNull(budget.reserve(BigDecimal.ZERO));
    assertNull(budget.reserve(usd("-0.04")), "a cheaper stand-in");
    assertFalse(budget.awaitingGrant());
    assertEquals(new ShotBudget.Shortfall(1, usd("0.014")), budget.reserve(usd("0.014")));
  }

  @Test
  void aShortfallIsAwaitedUntilTheStoryboardAnswers() {
    ShotBudget budget = budget("0");
    ShotBudget.Shortfall first = budget.reserve(usd("0.49"));
    ShotBudget.Shortfall second = budget.reserve(usd("0.49"));

    assertFalse(budget.answered(first.seq()));
    budget.answer(new SpendGrant(second.seq(), false));
    budget.answer(new SpendGrant(first.seq(), true));

    assertTrue(budget.answered(first.seq()));
    assertTrue(budget.settle(first.seq()));
    assertTrue(budget.awaitingGrant(), "the second is still awaited");
    assertFalse(budget.settle(second.seq()), "refused");
    assertFalse(budget.awaitingGrant());
  }

  @Test
  void anEndedShotAwaitsNoAnswer() {
    ShotBudget budget = budget("0");
    budget.reserve(usd("0.49"));

    budget.stopAwaiting();

    assertFalse(budget.awaitingGrant());
  }

  @Test
  void theSpendIsWhatTheJobsCostAndACheaperJobGivesItsReservationBack() {
    ShotBudget budget = budget("1.00");

    assertNull(budget.reserve(usd("0.49")));
    budget.reconcile(usd("0.49"), usd("0.49"));
    assertNull(budget.reserve(usd("0.49")));
    budget.reconcile(usd("0.49"), usd("0.45"));
    assertNull(budget.reserve(usd("0.014")));
    budget.reconcile(usd("0.014"), null);

    assertEquals(usd("0.94"), budget.spent());
    assertEquals(0, usd("0.06").compareTo(budget.allowance()), budget.allowance().toPlainString());
    assertEquals(0, budget.reserved().signum());
  }

  @Test
  void aJobThatCostMoreThanItsReservationIsPaidFromTheAllowanceThenAskedForBeforeTheNextSubmit() {
    ShotBudget budget = budget("0.60");
    assertNull(budget.reserve(usd("0.49")));

    budget.reconcile(usd("0.49"), usd("0.98"));

    assertEquals(0, budget.allowance().signum(), "the allowance's $0.11 covered part of it");
    assertEquals(usd("0.38"), budget.owed());
    ShotBudget.Shortfall next = budget.reserve(usd("0.014"));
    assertEquals(new ShotBudget.Shortfall(1, usd("0.394")), next, "the debt comes with the next reservation");
    assertEquals(0, budget.owed().signum());
  }

  @Test
  void aDebtIsAskedForEvenBeforeAFreeCall() {
    ShotBudget budget = budget("0");
    budget.reconcile(BigDecimal.ZERO, usd("0.07"));

    assertEquals(new ShotBudget.Shortfall(1, usd("0.07")), budget.reserve(BigDecimal.ZERO));
  }
}
