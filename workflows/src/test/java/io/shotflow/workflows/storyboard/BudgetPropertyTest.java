package io.shotflow.workflows.storyboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.provider.Billing;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.KlingUnits;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.provider.RateCard;
import io.shotflow.shot.SpendGrant;
import io.shotflow.storyboard.SpendRequest;
import io.shotflow.workflows.shot.ShotBudget;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * The budget's parts as plain objects, the storyboard's {@link BudgetLedger} and one {@link ShotBudget} per shot, driven
 * as the workflows drive them through random sequences of submits (first takes, retries, regenerations), failures
 * before and after acceptance, failovers to pricier stand-ins, budget raises and shot ends. Prices and charges come
 * from the one pricing function ({@link RateCard#price}, {@link RateCard#charge}) on random requests of every provider
 * and kind. Within what the pricing allows (Kling deducting at most the declared units, an output no longer than asked)
 * the spend never passes the budget; beyond it, a shot never submits again before what it owes is granted.
 */
class BudgetPropertyTest {

  private static final RateCard CARD = RateCard.defaults();
  private static final ProviderCapabilities CATALOG = ProviderCapabilities.catalog();
  private static final List<String> VIDEO = List.of("kling", "fal", "wavespeed", "replicate", "local");
  private static final List<String> LIP_SYNC = List.of("kling", "fal", "wavespeed", "replicate", "sync", "local");

  /** One step; its numbers pick the shot, the request, the stand-in and the surprise, whatever the state is. */
  record Op(int what, int shot, int pick, int surprise) {}

  @Provide
  Arbitrary<List<Op>> sequences() {
    Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 99), Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 1000)).as(Op::new);
    return op.list().ofMinSize(1).ofMaxSize(80);
  }

  @Property(tries = 1000)
  void withinThePricingTheSpendNeverPassesTheBudget(@ForAll("sequences") List<Op> ops,
      @ForAll @IntRange(min = 0, max = 300) int headroomCents, @ForAll @IntRange(min = 1, max = 3) int shots) {
    Storyboard sb = new Storyboard(shots, headroomCents, false);
    for (Op op : ops) {
      sb.step(op);
      sb.assertInvariants();
      assertTrue(sb.spent().compareTo(sb.ledger.budget()) <= 0,
          "spent $" + sb.spent() + " over the budget $" + sb.ledger.budget() + " after " + op);
      assertEquals(0, sb.owed().signum(), "within the pricing no job costs more than its reservation");
    }
    Statistics.label("spend requests").collect(sb.heldRequests == 0 ? "none" : sb.ledger.paused() ? "held at the end" : "asked");
    sb.endAll();
    Statistics.label("pricier stand-ins").collect(sb.pricierStandIns > 0);
    assertTrue(sb.spent().compareTo(sb.ledger.budget()) <= 0);
    assertEquals(0, sb.spent().compareTo(sb.ledger.committed()), "once every shot ended, committed is what was spent");
  }

  @Property(tries = 500)
  void beyondThePricingAShotPaysWhatItOwesBeforeItsNextSubmit(@ForAll("sequences") List<Op> ops,
      @ForAll @IntRange(min = 0, max = 300) int headroomCents, @ForAll @IntRange(min = 1, max = 3) int shots) {
    Storyboard sb = new Storyboard(shots, headroomCents, true);
    for (Op op : ops) {
      sb.step(op);
      sb.assertInvariants();
      // the overrun is never more than what jobs already running or ended cost beyond their own reservations
      BigDecimal overrun = sb.spent().subtract(sb.ledger.budget());
      assertTrue(overrun.compareTo(sb.surprises) <= 0, "overrun $" + overrun + " beyond the surprises $" + sb.surprises);
    }
    Statistics.label("billed beyond the pricing").collect(sb.surprises.signum() > 0);
  }

  /** A take submitted and not yet reconciled: its request and what it holds. */
  private static final class Running {
    GenerationRequest request;
    BigDecimal held;

    Running(GenerationRequest request, BigDecimal held) {
      this.request = request;
      this.held = held;
    }
  }

  private static final class Shot {
    final String id;
    final ShotBudget budget;
    final List<Running> running = new ArrayList<>();
    /** A spend request held by the storyboard: nothing of this shot is submitted until it is granted. */
    Integer awaiting;
    /** What the awaited grant lets start: a new take, or a stand-in for the take at {@code standInFor}. */
    GenerationRequest waitingRequest;
    Running standInFor;
    BigDecimal pending = BigDecimal.ZERO;
    boolean ended;

    Shot(String id, BigDecimal allowance) {
      this.id = id;
      this.budget = new ShotBudget(allowance, CARD, CATALOG);
    }
  }

  private static final class Storyboard {
    final List<Shot> shots = new ArrayList<>();
    final BudgetLedger ledger;
    final boolean beyondPricing;
    BigDecimal surprises = BigDecimal.ZERO;
    int heldRequests;
    int pricierStandIns;

    Storyboard(int count, int headroomCents, boolean beyondPricing) {
      this.beyondPricing = beyondPricing;
      Map<String, BigDecimal> allowances = new LinkedHashMap<>();
      BigDecimal total = BigDecimal.ZERO;
      for (int i = 0; i < count; i++) {
        // an estimate as the storyboard makes it: a keyframe and a clip of the storyboard's provider
        BigDecimal allowance = CARD.price(request(i * 7 + 1, "kling", GenerationKind.KEYFRAME))
            .add(CARD.price(request(i * 7 + 2, "fal", GenerationKind.CLIP)));
        allowances.put("s" + i, allowance);
        total = total.add(allowance);
      }
      ledger = new BudgetLedger(total.add(BigDecimal.valueOf(headroomCents, 2)), allowances);
      allowances.forEach((id, allowance) -> shots.add(new Shot(id, allowance)));
    }

    void step(Op op) {
      Shot shot = shots.get(op.shot() % shots.size());
      int what = op.what();
      if (what < 10) {
        raiseBudget(op.pick() % 100);
      } else if (shot.ended) {
        return;
      } else if (what < 14) {
        endShot(shot);
      } else if (shot.awaiting != null) {
        return; // the shot waits for its grant: it submits nothing
      } else if (what < 50 || shot.running.isEmpty()) {
        submit(shot, randomRequest(op.pick()));
      } else if (what < 70) {
        standIn(shot, shot.running.get(op.pick() % shot.running.size()), op.pick());
      } else {
        finish(shot, shot.running.get(op.pick() % shot.running.size()), op);
      }
    }

    /** A first take, a retry or a regeneration: reserve its price, then submit. */
    void submit(Shot shot, GenerationRequest request) {
      BigDecimal price = shot.budget.price(request);
      Running take = new Running(request, price.signum() > 0 ? price : BigDecimal.ZERO);
      if (ask(shot, price)) {
        assertEquals(0, shot.budget.owed().signum(), "a take starts only once what its shot owes is granted");
        shot.running.add(take);
      } else {
        shot.waitingRequest = request;
      }
    }

    /** The take's provider is down before acceptance: a stand-in, topped up to its price first. */
    void standIn(Shot shot, Running take, int pick) {
      List<String> providers = take.request.kind() == GenerationKind.LIP_SYNC ? LIP_SYNC : VIDEO;
      String other = providers.get(pick % providers.size());
      if (!offers(other, take.request)) {
        return;
      }
      GenerationRequest routed = take.request.withProvider(other);
      BigDecimal more = shot.budget.price(routed).subtract(take.held);
      take.request = routed;
      if (more.signum() > 0) {
        take.held = take.held.add(more);
        pricierStandIns++;
      }
      if (!ask(shot, more)) {
        shot.running.remove(take);
        shot.standInFor = take;
      }
    }

    /** The take's job ended: charged as the provider billed it (nothing when it failed), and reconciled. */
    void finish(Shot shot, Running take, Op op) {
      shot.running.remove(take);
      BigDecimal actual = charge(take.request, op);
      if (actual.compareTo(take.held) > 0) {
        surprises = surprises.add(actual.subtract(take.held));
      }
      shot.budget.reconcile(take.held, actual);
    }

    BigDecimal charge(GenerationRequest request, Op op) {
      int s = op.surprise();
      if (s < 150) {
        return BigDecimal.ZERO; // failed before or after acceptance: nothing billed
      }
      if (beyondPricing && s > 700) {
        // the provider billed beyond its price list: up to three times the request's price
        return CARD.price(request).multiply(BigDecimal.valueOf(100 + (s - 700) * 200 / 300, 2));
      }
      if (s < 400 && request.provider().equals("kling")) {
        BigDecimal declared = KlingUnits.of(request.kind(), request.model(), request.tier(), request.durationSeconds());
        return CARD.charge(request, Billing.units(declared.multiply(BigDecimal.valueOf(s - 150, 3)).divide(
            BigDecimal.valueOf(250, 3), 3, java.math.RoundingMode.DOWN)));
      }
      if (s < 400 && request.kind() == GenerationKind.LIP_SYNC) {
        return CARD.charge(request, Billing.outputSeconds(request.durationSeconds() * (s - 150) / 250.0));
      }
      return CARD.charge(request, Billing.AS_REQUESTED);
    }

    /**
     * Reserves {@code price} (and anything owed) for the shot; a shortfall is asked of the storyboard, which grants it
     * when it fits. False when the request is held: the shot waits.
     */
    boolean ask(Shot shot, BigDecimal price) {
      ShotBudget.Shortfall shortfall = shot.budget.reserve(price);
      if (shortfall == null) {
        return true;
      }
      heldRequests++;
      shot.awaiting = shortfall.seq();
      shot.pending = shortfall.amount();
      ledger.hold(new SpendRequest(shot.id, "wf-" + shot.id, shortfall.seq(), shortfall.amount(), "take"));
      grant();
      return shot.awaiting == null;
    }

    void raiseBudget(int cents) {
      // an operator raises it to at least what is committed (a surprise beyond the pricing may have passed it)
      BigDecimal higher = ledger.budget().add(BigDecimal.valueOf(cents, 2)).max(ledger.committed());
      ledger.validateBudget(higher);
      ledger.setBudget(higher);
      grant();
    }

    /** The storyboard grants what fits; a shot whose grant came submits what waited for it. */
    void grant() {
      for (SpendRequest r : ledger.grantWhatFits()) {
        Shot shot = shots.stream().filter(s -> s.id.equals(r.shotId())).findFirst().orElseThrow();
        shot.budget.answer(new SpendGrant(r.seq(), true));
        assertTrue(shot.budget.settle(r.seq()));
        shot.awaiting = null;
        shot.pending = BigDecimal.ZERO;
        if (shot.waitingRequest != null) {
          BigDecimal price = shot.budget.price(shot.waitingRequest);
          shot.running.add(new Running(shot.waitingRequest, price.signum() > 0 ? price : BigDecimal.ZERO));
          shot.waitingRequest = null;
        }
        if (shot.standInFor != null) {
          shot.running.add(shot.standInFor);
          shot.standInFor = null;
        }
      }
    }

    /** A shot ends once its running jobs end (failed: nothing billed); the storyboard commits what it spent. */
    void endShot(Shot shot) {
      for (Running take : List.copyOf(shot.running)) {
        shot.running.remove(take);
        shot.budget.reconcile(take.held, BigDecimal.ZERO);
      }
      shot.ended = true;
      ledger.withdraw(shot.id);
      ledger.release(shot.id, shot.budget.spent());
      grant();
    }

    void endAll() {
      shots.stream().filter(s -> !s.ended).forEach(this::endShot);
    }

    BigDecimal spent() {
      return shots.stream().map(s -> s.budget.spent()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    BigDecimal owed() {
      return shots.stream().map(s -> s.budget.owed()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    void assertInvariants() {
      BigDecimal committed = BigDecimal.ZERO;
      for (Shot shot : shots) {
        ShotBudget b = shot.budget;
        assertTrue(b.allowance().signum() >= 0 && b.reserved().signum() >= 0 && b.owed().signum() >= 0
            && b.spent().signum() >= 0, shot.id + ": allowance $" + b.allowance() + ", reserved $" + b.reserved()
            + ", owed $" + b.owed() + ", spent $" + b.spent());
        BigDecimal held = shot.running.stream().map(r -> r.held).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (shot.standInFor != null) {
          held = held.add(shot.standInFor.held);
        }
        if (shot.waitingRequest != null) {
          held = held.add(shot.budget.price(shot.waitingRequest).max(BigDecimal.ZERO));
        }
        assertEquals(0, held.compareTo(b.reserved()), shot.id + ": what the takes hold is what the shot reserved");
        if (shot.ended) {
          assertTrue(shot.running.isEmpty());
          committed = committed.add(b.spent());
        } else {
          // what the storyboard gave the shot: its allowance and grants, less the request it still holds
          committed = committed.add(b.allowance().add(b.reserved()).add(b.spent()).subtract(b.owed())
              .subtract(shot.awaiting == null ? BigDecimal.ZERO : shot.pending));
        }
      }
      assertEquals(0, committed.compareTo(ledger.committed()),
          "the storyboard's committed $" + ledger.committed() + " is the shots' accounts $" + committed);
      assertTrue(ledger.committed().signum() >= 0);
      assertTrue(ledger.committed().compareTo(ledger.budget()) <= 0 || beyondPricing,
          "committed $" + ledger.committed() + " over the budget $" + ledger.budget());
    }

    private static boolean offers(String provider, GenerationRequest request) {
      if (request.kind() == GenerationKind.LIP_SYNC) {
        return ProviderCatalog.supportsLipSync(provider);
      }
      return ProviderCatalog.find(provider, request.model(), request.tier()).isPresent();
    }

    /** A request of any kind on any provider that offers it, at 720p or 1080p, 5 or 10 s. */
    private static GenerationRequest randomRequest(int pick) {
      GenerationKind kind = GenerationKind.values()[pick % 4];
      List<String> providers = kind == GenerationKind.LIP_SYNC ? LIP_SYNC : VIDEO;
      return request(pick / 4, providers.get((pick / 4) % providers.size()), kind);
    }

    private static GenerationRequest request(int pick, String provider, GenerationKind kind) {
      String tier = ProviderCatalog.TIERS.get((pick / 7) % 3);
      boolean hd = (pick / 21) % 2 == 1;
      int seconds = kind == GenerationKind.KEYFRAME ? 0 : kind == GenerationKind.LIP_SYNC ? 2 + (pick / 42) % 12
          : (pick / 42) % 2 == 0 ? 5 : 10;
      String model = kind == GenerationKind.LIP_SYNC ? null : ProviderCatalog.KLING_V2_1;
      return new GenerationRequest("sb/s/take/a1/v1", "sb", "s", kind, provider, model, tier, "p", null, seconds,
          hd ? 1920 : 1280, hd ? 1080 : 720, 24, "16:9", null, null, null, null, 1);
    }
  }
}
