package io.shotflow.workflow;

import io.shotflow.media.AssetRef;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.JobCheck;
import io.shotflow.activity.ProviderActivities;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;
import io.shotflow.provider.RateCard;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-memory provider: every submit is recorded, every job has finished by its first check with an asset named after its
 * idempotency key, the rate card's price of the request as its cost (what the adapters report for a job billed as asked)
 * and, for a video, a provider video id. Failures and other charges can be scripted per request.
 */
final class FakeProviders implements ProviderActivities {

  enum Phase { SUBMIT, AWAIT }

  private record Failure(Phase phase, Predicate<GenerationRequest> when, ProviderError error, AtomicInteger remaining) {}

  private record Charge(Predicate<GenerationRequest> when, BigDecimal costUsd) {}

  /** Each job is first looked at this long after its submit, on the shot's durable timer, as a real provider's is. */
  static final Duration FIRST_CHECK_IN = Duration.ofSeconds(1);

  final List<GenerationRequest> submitted = new CopyOnWriteArrayList<>();
  final List<String> awaitAttempts = new CopyOnWriteArrayList<>();
  private final List<Failure> failures = new CopyOnWriteArrayList<>();
  private final List<Charge> charges = new CopyOnWriteArrayList<>();
  private final AtomicInteger jobs = new AtomicInteger();

  /** The next {@code times} calls of {@code phase} matching {@code when} fail with {@code error}. */
  FakeProviders failing(Phase phase, Predicate<GenerationRequest> when, ProviderError error, int times) {
    failures.add(new Failure(phase, when, error, new AtomicInteger(times)));
    return this;
  }

  /** Jobs of requests matching {@code when} cost {@code costUsd}, as a provider billing beyond its price list would. */
  FakeProviders charging(Predicate<GenerationRequest> when, BigDecimal costUsd) {
    charges.add(new Charge(when, costUsd));
    return this;
  }

  @Override
  public ProviderJob submit(GenerationRequest request) {
    submitted.add(request);
    maybeFail(Phase.SUBMIT, request);
    return new ProviderJob(request.provider(), "job-" + jobs.incrementAndGet(), request.idempotencyKey(), FIRST_CHECK_IN);
  }

  @Override
  public JobCheck check(CheckRequest await) {
    GenerationRequest request = await.request();
    awaitAttempts.add(request.idempotencyKey());
    maybeFail(Phase.AWAIT, request);
    String ext = request.kind() == GenerationKind.KEYFRAME ? "png" : "mp4";
    AssetRef asset = new AssetRef(sha256(request.idempotencyKey()) + "." + ext, ext.equals("png") ? "image/png" : "video/mp4");
    BigDecimal cost = charges.stream().filter(c -> c.when().test(request)).map(Charge::costUsd).findFirst()
        .orElseGet(() -> RateCard.defaults().price(request));
    String videoId = ext.equals("mp4") ? "video-" + await.job().jobId() : null;
    return JobCheck.done(new GenerationResult(asset, request.provider(), await.job().jobId(), cost,
        request.durationSeconds(), videoId));
  }

  private void maybeFail(Phase phase, GenerationRequest request) {
    for (Failure f : failures) {
      if (f.phase() == phase && f.when().test(request) && f.remaining().getAndDecrement() > 0) {
        throw f.error().failure(f.error().name().toLowerCase() + " for " + request.idempotencyKey());
      }
    }
  }

  List<GenerationRequest> requests(String shotId, GenerationKind kind) {
    List<GenerationRequest> out = new ArrayList<>();
    for (GenerationRequest r : submitted) {
      if (r.shotId().equals(shotId) && r.kind() == kind) {
        out.add(r);
      }
    }
    return out;
  }

  /** The asset a successful job for this idempotency key produces. */
  static String assetIdFor(String idempotencyKey, String ext) {
    return sha256(idempotencyKey) + "." + ext;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
