package io.shotflow.workflows.shot;

import io.shotflow.activity.CatalogActivities.ReviewRecord;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.review.PendingReview;
import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Verdict;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.Take;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The take/review loop of one generation: reserve the round's price, call the providers for every variant side by
 * side ({@link ProviderRouter}), reconcile each job's cost with its reservation ({@link ShotBudget}), record the takes, and wait for the reviewer, or the deadline policy, until a take is
 * approved. A reject or a retry regenerates with the revised prompt, except that a retry with the prompt unchanged
 * collects again the output of a finished job this side could not keep (a full disk) rather than paying for it twice; a skip, a refused budget or a cancelling
 * deadline ends the shot ({@link ShotEnded}). The workflow's clock, waits and threads come in as {@link Waits}, what
 * goes out to Temporal and the catalog as {@link Effects}.
 */
final class TakeLoop {

  /** The workflow's clock, waits and threads. */
  interface Waits {
    /** Waits until {@code done} holds or {@code timeout} passed; false when it passed. */
    boolean until(Duration timeout, BooleanSupplier done);

    void until(BooleanSupplier done);

    /** Runs {@code calls} side by side and waits for all of them; their results in order. */
    <T> List<T> all(List<Supplier<T>> calls);

    /** Workflow time in milliseconds. */
    long now();
  }

  /** What the loop sends out. */
  interface Effects {
    void recordTake(Take take);

    void recordReview(ReviewRecord record);

    /** The shot's spend changed. */
    void spent(BigDecimal spend);

    /** Asks the storyboard for {@code amount} beyond the allowance; its answer arrives through the budget. */
    void requestSpend(int seq, BigDecimal amount, String subject);
  }

  private final String shotId;
  private final ShotTakes takes;
  private final ReviewGates gates;
  private final ShotBudget budget;
  private final ProviderRouter router;
  private final ShotStatusPublisher status;
  private final Effects effects;
  private final Waits waits;
  private final Logger log;

  TakeLoop(String shotId, ShotTakes takes, ReviewGates gates, ShotBudget budget, ProviderRouter router,
      ShotStatusPublisher status, Effects effects, Waits waits, Logger log) {
    this.shotId = shotId;
    this.takes = takes;
    this.gates = gates;
    this.budget = budget;
    this.router = router;
    this.status = status;
    this.effects = effects;
    this.waits = waits;
    this.log = log;
  }

  /** Generates until a take of {@code generation} is approved; returns the approved take. */
  Take produce(Generation generation, String initialPrompt) {
    String prompt = initialPrompt;
    String subject = generation.subject();
    // per variant, a finished job whose output this side could not keep: a retry collects it instead of paying again
    Map<Integer, ProviderRouter.Uncollected> uncollected = new HashMap<>();
    for (int attempt = 1; ; attempt++) {
      reserve(budget.roundPrice(generation), subject);
      status.publish("generating " + subject + " (attempt " + attempt + ")");
      Generation.Round round = generate(generation, attempt, prompt, uncollected);
      ReviewDecision decision;
      if (round.failure() != null) {
        decision = awaitDecision(gates.decisionAfter(subject, round.failure(), waits.now()));
        if (decision.verdict() == Verdict.SKIP) {
          throw new ShotEnded(ShotStage.SKIPPED, "skipped by " + decision.reviewer() + " after " + round.failure());
        }
        if (decision.verdict() != Verdict.RETRY || !prompt.equals(ReviewGates.revised(decision, prompt))) {
          uncollected.clear(); // a reject or a revised prompt asks for new jobs
        }
      } else if (generation.automatic()) {
        return round.takes().get(0);
      } else {
        decision = awaitDecision(gates.takeReview(subject, round.takeIds(), waits.now()));
        if (decision.verdict() == Verdict.APPROVE) {
          Take approved = takes.approve(decision.take() == null ? round.takeIds().get(0) : decision.take());
          effects.recordTake(approved);
          return approved;
        }
      }
      prompt = ReviewGates.revised(decision, prompt);
    }
  }

  /**
   * Every variant's call side by side, each reconciled with its reservation as soon as its job ends; the round's takes
   * are recorded once all are in.
   */
  private Generation.Round generate(Generation generation, int attempt, String prompt,
      Map<Integer, ProviderRouter.Uncollected> uncollected) {
    List<Supplier<ProviderRouter.Outcome>> calls = new ArrayList<>();
    for (int v = 1; v <= generation.variants(); v++) {
      GenerationRequest request = generation.request(prompt, attempt, v);
      String what = generation.label() + " take " + generation.takeId(attempt, v);
      ProviderRouter.Uncollected earlier = uncollected.remove(v);
      calls.add(() -> {
        TakeReservation held = new TakeReservation(request);
        ProviderRouter.Outcome outcome = router.call(generation, request, what, held, earlier);
        budget.reconcile(held.amount, outcome.result() == null ? null : outcome.result().costUsd());
        return outcome;
      });
    }
    List<ProviderRouter.Outcome> outcomes = waits.all(calls);
    for (int v = 1; v <= outcomes.size(); v++) {
      if (outcomes.get(v - 1).uncollected() != null) {
        uncollected.put(v, outcomes.get(v - 1).uncollected());
      }
    }
    Generation.Round round = generation.round(attempt, prompt, outcomes);
    // the spend shown grows take by take, in the round's order, up to what the budget has reconciled
    BigDecimal shown = budget.spent();
    for (Take take : round.takes()) {
      shown = shown.subtract(cost(take));
    }
    for (Take take : round.takes()) {
      takes.add(take);
      if (cost(take).signum() > 0) {
        shown = shown.add(cost(take));
        effects.spent(shown);
      }
      effects.recordTake(take);
    }
    return round;
  }

  /** "$0.49", "$0.50", "$0.014": at least cents, no trailing zeros beyond them. */
  static String usd(BigDecimal amount) {
    BigDecimal plain = amount.stripTrailingZeros();
    return "$" + (plain.scale() < 2 ? plain.setScale(2) : plain).toPlainString();
  }

  private static BigDecimal cost(Take take) {
    return take.costUsd() == null || take.costUsd().signum() < 0 ? BigDecimal.ZERO : take.costUsd();
  }

  /** Waits for the reviewer's answer, applying the deadline policy when it does not come in time. */
  private ReviewDecision awaitDecision(PendingReview review) {
    String subject = review.subject();
    status.publish(gates.open(review));
    if (!waits.until(gates.deadline(), () -> gates.hasAnswer(subject))) {
      switch (gates.atDeadline(subject)) {
        case CANCEL -> throw new ShotEnded(ShotStage.CANCELLED,
            "review of " + subject + " passed its deadline (on_deadline: cancel)");
        case AUTO_APPROVE -> effects.recordReview(gates.accept(gates.deadlineApproval(subject, waits.now())));
        case PAUSE -> {
          status.publish("paused: review of " + subject + " passed its deadline");
          waits.until(() -> gates.hasAnswer(subject));
          gates.resume(subject);
        }
      }
    }
    ReviewDecision decision = gates.close(subject);
    log.info("shot {}: {} {} by {}", shotId, subject, decision.verdict(), decision.reviewer());
    status.publish();
    return decision;
  }

  /** Reserves {@code price} from the allowance; what it lacks is asked of the storyboard (a refusal skips the shot). */
  private void reserve(BigDecimal price, String subject) {
    ShotBudget.Shortfall shortfall = budget.reserve(price);
    if (shortfall == null) {
      return;
    }
    String amount = usd(shortfall.amount());
    status.publish("awaiting budget: " + amount + " more for " + subject);
    effects.requestSpend(shortfall.seq(), shortfall.amount(), subject);
    waits.until(() -> budget.answered(shortfall.seq()));
    if (!budget.settle(shortfall.seq())) {
      throw new ShotEnded(ShotStage.SKIPPED, "the storyboard refused " + amount + " for " + subject);
    }
  }

  /** A provider was found down: logged, and shown when the call fails over to {@code next}. */
  private void down(String why, String next) {
    log.warn("shot {}: {}{}", shotId, why, next == null ? "" : "; failing over to " + next);
    if (next != null) {
      status.publish(why + "; failing over to " + next);
    }
  }

  /**
   * What one take's call has reserved: its request's price at the round's start, topped up to a pricier stand-in's
   * price before the stand-in's submit (never lowered: a cheaper stand-in's saving comes back when the job is
   * reconciled).
   */
  private final class TakeReservation implements ProviderRouter.Listener {

    private final GenerationRequest request;
    private BigDecimal amount;

    TakeReservation(GenerationRequest request) {
      this.request = request;
      this.amount = budget.price(request);
    }

    /** A stand-in's price beyond what the take holds comes from the allowance or the budget first. */
    @Override
    public void standingIn(Generation generation, String standIn) {
      BigDecimal more = budget.price(request.withProvider(standIn)).subtract(amount);
      reserve(more, generation.subject() + " on " + standIn);
      if (more.signum() > 0) {
        amount = amount.add(more);
      }
    }

    @Override
    public void down(String why, String next) {
      TakeLoop.this.down(why, next);
    }
  }
}
