package io.shotflow.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.shotflow.activity.CatalogActivities.CatalogWrite;
import io.shotflow.activity.CatalogActivities.ReviewRecord;
import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.activity.CatalogActivities.StoryboardRecord;
import io.shotflow.activity.CatalogActivities.TakeRecord;
import io.shotflow.catalog.StoryboardCatalog.NewStoryboard;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.media.AssetRef;
import io.shotflow.review.PendingReview;
import io.shotflow.review.ReviewDecision;
import io.shotflow.review.Verdict;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.Take;
import io.shotflow.storyboard.StoryboardState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import io.shotflow.activity.CatalogActivities;

/** The catalog's behaviour, run unchanged against each database (same repositories, same migration). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CatalogContractTest {

  private ApplicationContext context;
  private StoryboardCatalog catalog;
  private CatalogActivities activities;

  /** Datasource properties of the database under test. */
  protected abstract Map<String, Object> datasource();

  @BeforeAll
  void start() {
    Map<String, Object> props = new java.util.HashMap<>(datasource());
    props.put("datasources.default.dialect", "POSTGRES");
    props.put("flyway.datasources.default.enabled", true);
    context = ApplicationContext.run(props);
    catalog = context.getBean(StoryboardCatalog.class);
    activities = context.getBean(CatalogActivities.class);
  }

  @AfterAll
  void stop() {
    if (context != null) {
      context.close();
    }
  }

  private static String newId() {
    return "sb-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private String registered(List<String> shots) {
    String id = newId();
    catalog.register(new NewStoryboard(id, "Watch reveal", "storyboard-" + id, new BigDecimal("25.00"),
        new BigDecimal("3.5"), "{\"title\":\"Watch reveal\"}", shots));
    return id;
  }

  @Test
  void registersStoryboardWithShotsInSpecOrder() {
    String id = registered(List.of("reveal", "closeup", "outro"));
    var entry = catalog.entry(id).orElseThrow();
    assertEquals("Watch reveal", entry.storyboard().title());
    assertEquals("running", entry.storyboard().state());
    assertEquals(0, new BigDecimal("25").compareTo(entry.storyboard().budgetUsd()));
    assertEquals(0, new BigDecimal("3.5").compareTo(entry.storyboard().estimatedCostUsd()));
    assertEquals(List.of("reveal", "closeup", "outro"), entry.shots().stream().map(ShotRow::shotId).toList());
    assertNull(entry.shots().get(0).stage());
    assertTrue(catalog.list().stream().anyMatch(s -> s.id().equals(id)));
  }

  @Test
  void shotStageUpsertIsIdempotent() {
    String id = registered(List.of("reveal", "closeup"));
    var record = new ShotStageRecord(id, "closeup", ShotStage.CLIP, new BigDecimal("0.49"), "generating clip",
        null);
    activities.recordShotStage(record);
    activities.recordShotStage(record);
    activities.recordShotStage(new ShotStageRecord(id, "closeup", ShotStage.CLIP_REVIEW, new BigDecimal("0.98"), null,
        null));
    var shots = catalog.entry(id).orElseThrow().shots();
    assertEquals(2, shots.size());
    ShotRow closeup = shots.get(1);
    assertEquals("closeup", closeup.shotId());
    assertEquals(1, closeup.position());
    assertEquals("clip_review", closeup.stage());
    assertEquals(0, new BigDecimal("0.98").compareTo(closeup.spendUsd()));
  }

  @Test
  void pendingReviewsAreCountedPerRunningStoryboard() {
    String running = registered(List.of("reveal", "closeup"));
    activities.recordShotStage(new ShotStageRecord(running, "reveal", ShotStage.KEYFRAME_REVIEW, BigDecimal.ZERO, null,
        List.of(new PendingReview("keyframe:reveal:start", List.of("kf-start-a1"), "2026-01-01T00:00:00Z", null, null),
            new PendingReview("keyframe:reveal:end", List.of("kf-end-a1"), "2026-01-01T00:00:00Z", null, null))));
    activities.recordShotStage(new ShotStageRecord(running, "closeup", ShotStage.CLIP_REVIEW, BigDecimal.ZERO, null,
        List.of(new PendingReview("clip:closeup", List.of("clip-a1-v1"), "2026-01-01T00:00:00Z", null, null))));
    String ended = registered(List.of("reveal"));
    activities.recordShotStage(new ShotStageRecord(ended, "reveal", ShotStage.CLIP_REVIEW, BigDecimal.ZERO, null,
        List.of(new PendingReview("clip:reveal", List.of("clip-a1-v1"), "2026-01-01T00:00:00Z", null, null))));
    activities.recordStoryboardState(new StoryboardRecord(ended, StoryboardState.CANCELLED, null, BigDecimal.ZERO,
        null, "cancelled"));
    String idle = registered(List.of("reveal"));

    Map<String, Integer> counts = catalog.pendingReviewCounts();

    assertEquals(3, counts.get(running));
    assertNull(counts.get(ended), "a cancelled storyboard waits for nothing");
    assertNull(counts.get(idle));
  }

  @Test
  void takeUpsertUpdatesApprovalWithoutDuplicating() {
    String id = registered(List.of("reveal"));
    Take take = new Take("clip-a1-v1", "clip:reveal", "clip", new AssetRef("ab12.mp4", "video/mp4"), "local",
        "job-1", new BigDecimal("0.00"), "push in", false, 1);
    activities.recordTake(new TakeRecord(id, "reveal", take));
    activities.recordTake(new TakeRecord(id, "reveal", take));
    activities.recordTake(new TakeRecord(id, "reveal", take.approve()));
    activities.recordTake(new TakeRecord(id, "reveal", new Take("clip-a1-v2", "clip:reveal", "clip",
        new AssetRef("cd34.mp4", "video/mp4"), "fal", "job-2", new BigDecimal("0.49"), "push in", false, 1,
        "kling→fal")));
    var takes = catalog.entry(id).orElseThrow().takes();
    assertEquals(List.of("clip-a1-v1", "clip-a1-v2"), takes.stream().map(TakeRow::takeId).toList());
    assertTrue(takes.get(0).approved());
    assertEquals("ab12.mp4", takes.get(0).assetId());
    assertEquals("job-1", takes.get(0).providerJobId());
    assertFalse(takes.get(1).approved());
    assertEquals(null, takes.get(0).route());
    assertEquals("kling→fal", takes.get(1).route());
    assertEquals(0, new BigDecimal("0.49").compareTo(takes.get(1).costUsd()));
  }

  @Test
  void reviewsAreRecordedOncePerSequence() {
    String id = registered(List.of("reveal"));
    var approve = new ReviewDecision("clip:reveal", "clip-a1-v1", Verdict.APPROVE, "nice", null, "ben",
        "2026-01-02T03:04:05Z", ReviewDecision.CLI_AUTO_APPROVE);
    var reject = new ReviewDecision("keyframe:reveal:start", "kf-a1-v1", Verdict.REJECT, "too dark",
        "brighter studio light", "ben", "2026-01-02T03:00:00Z");
    activities.recordReview(new ReviewRecord(id, "reveal", 1, reject, true));
    activities.recordReview(new ReviewRecord(id, "reveal", 1, reject, true));
    activities.recordReview(new ReviewRecord(id, "reveal", 2, approve, true));
    var reviews = catalog.reviews(id);
    assertEquals(2, reviews.size());
    ReviewRow first = reviews.get(0);
    assertEquals("reject", first.verdict());
    assertEquals("brighter studio light", first.prompt());
    assertEquals("ben", first.reviewer());
    assertEquals("2026-01-02T03:00:00Z", first.decidedAt());
    assertEquals("approve", reviews.get(1).verdict());
    assertEquals(null, first.policy(), "a person's decision");
    assertEquals("--auto-approve", reviews.get(1).policy(), "the rule that made an automatic one");
  }

  /** What a workflow task queues after a review: one call, in order, and a retried batch writes nothing twice. */
  @Test
  void aBatchWritesInOrderOnceAndAllOrNothing() {
    String id = registered(List.of("reveal"));
    Take take = new Take("kf-start-a1-v1", "keyframe:reveal:start", "keyframe", new AssetRef("ef56.png", "image/png"),
        "local", "job-3", BigDecimal.ZERO, "a closed box", false, 1);
    var approve = new ReviewDecision("keyframe:reveal:start", take.id(), Verdict.APPROVE, null, null, "ben",
        "2026-01-02T03:04:05Z");
    List<CatalogWrite> batch = List.of(
        CatalogWrite.of(new ShotStageRecord(id, "reveal", ShotStage.KEYFRAME_REVIEW, BigDecimal.ZERO, "awaiting",
            null)),
        CatalogWrite.of(new TakeRecord(id, "reveal", take)),
        CatalogWrite.of(new ReviewRecord(id, "reveal", 1, approve, true)),
        CatalogWrite.of(new TakeRecord(id, "reveal", take.approve())),
        CatalogWrite.of(new ShotStageRecord(id, "reveal", ShotStage.CLIP, BigDecimal.ZERO, "generating clip:reveal",
            null)));
    activities.record(batch);
    activities.record(batch);
    var entry = catalog.entry(id).orElseThrow();
    assertEquals("clip", entry.shots().get(0).stage());
    assertEquals(1, entry.takes().size());
    assertTrue(entry.takes().get(0).approved());
    assertEquals(1, catalog.reviews(id).size());

    var broken = List.of(
        CatalogWrite.of(new ShotStageRecord(id, "reveal", ShotStage.DONE, BigDecimal.ZERO, "done", null)),
        new CatalogWrite(null, null, null, null));
    assertThrows(IllegalArgumentException.class, () -> activities.record(broken));
    assertEquals("clip", catalog.entry(id).orElseThrow().shots().get(0).stage());
  }

  @Test
  void storyboardStateKeepsOutputsAndBudget() {
    String id = registered(List.of("reveal"));
    activities.recordStoryboardState(new StoryboardRecord(id, StoryboardState.AWAITING_REVIEW,
        new BigDecimal("30"), new BigDecimal("1.25"), null, "waiting for keyframe review"));
    var outputs = new AssemblyResult(new AssetRef("f1.mp4", "video/mp4"), new AssetRef("t.otio", "application/json"),
        new AssetRef("c.edl", "text/plain"), new AssetRef("c.fcpxml", "application/xml"),
        new AssetRef("s.png", "image/png"), new AssetRef("m.json", "application/json"), 15.0);
    activities.recordStoryboardState(new StoryboardRecord(id, StoryboardState.COMPLETED, null,
        new BigDecimal("2.5"), outputs, "done"));
    activities.recordStoryboardState(new StoryboardRecord(id, StoryboardState.COMPLETED, null,
        new BigDecimal("2.5"), outputs, "done"));
    var entry = catalog.entry(id).orElseThrow();
    assertEquals("completed", entry.storyboard().state());
    assertEquals(0, new BigDecimal("30").compareTo(entry.storyboard().budgetUsd()));
    assertEquals(0, new BigDecimal("2.5").compareTo(entry.storyboard().spendUsd()));
    assertEquals("Watch reveal", entry.storyboard().title());
    assertEquals("{\"title\":\"Watch reveal\"}", entry.storyboard().specJson());
    assertEquals(0, new BigDecimal("3.5").compareTo(entry.storyboard().estimatedCostUsd()));
    assertEquals(outputs, entry.outputs());
    assertEquals("done", entry.storyboard().detail());
  }

  /** A shot's pending reviews come back as written, and are gone once it records none. */
  @Test
  void pendingReviewsComeBackAsWritten() {
    String id = registered(List.of("reveal"));
    var review = new PendingReview("keyframe:reveal:start", List.of("kf-start-a1-v1", "kf-start-a1-v2"),
        "2026-01-02T03:00:00Z", "2026-01-03T03:00:00Z", null);
    activities.record(List.of(
        CatalogWrite.of(new StoryboardRecord(id, StoryboardState.RUNNING, new BigDecimal("25"),
            new BigDecimal("3.5"), null, "starting")),
        CatalogWrite.of(new ShotStageRecord(id, "reveal", ShotStage.KEYFRAME_REVIEW, new BigDecimal("0.08"),
            "awaiting review of keyframe:reveal:start", List.of(review)))));
    var entry = catalog.entry(id).orElseThrow();
    assertEquals(List.of(review), entry.pendingReviews(entry.shots().get(0)));

    activities.record(List.of(
        CatalogWrite.of(new ShotStageRecord(id, "reveal", ShotStage.CLIP, new BigDecimal("0.08"), "generating",
            List.of())),
        CatalogWrite.of(new StoryboardRecord(id, StoryboardState.COMPLETED, null, new BigDecimal("0.5"), null,
            "done"))));
    entry = catalog.entry(id).orElseThrow();
    assertEquals(List.of(), entry.pendingReviews(entry.shots().get(0)));
  }

  @Test
  void writesForAnUnregisteredStoryboardCreateItsRow() {
    String id = newId();
    activities.recordShotStage(new ShotStageRecord(id, "a", ShotStage.KEYFRAMES, BigDecimal.ZERO, null, null));
    activities.recordShotStage(new ShotStageRecord(id, "b", ShotStage.WAITING_FOR_CONTINUITY, BigDecimal.ZERO, null,
        null));
    activities.recordStoryboardState(new StoryboardRecord(id, StoryboardState.RUNNING, null, new BigDecimal("0.4"),
        null, "starting"));
    var entry = catalog.entry(id).orElseThrow();
    assertEquals("storyboard-" + id, entry.storyboard().workflowId());
    assertEquals(List.of("a", "b"), entry.shots().stream().map(ShotRow::shotId).toList());
    assertEquals("running", entry.storyboard().state());
    assertEquals(0, new BigDecimal("0.4").compareTo(entry.storyboard().spendUsd()));

    String other = newId();
    activities.recordStoryboardState(new StoryboardRecord(other, StoryboardState.FAILED, null, null, null,
        "failed: boom"));
    var first = catalog.entry(other).orElseThrow().storyboard();
    assertEquals("failed", first.state());
    assertEquals("failed: boom", first.detail());
    assertEquals(0, BigDecimal.ZERO.compareTo(first.spendUsd()));
  }

  @Test
  void unregisterRemovesStoryboardAndShots() {
    String id = registered(List.of("reveal"));
    catalog.unregister(id);
    assertTrue(catalog.entry(id).isEmpty());
  }

  @Test
  void assetsAreRecordedOnce() {
    String assetId = UUID.randomUUID().toString().replace("-", "") + ".png";
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    catalog.recordAsset(new AssetRow(assetId, "image/png", 1234, "first.png", t));
    AssetRow second = catalog.recordAsset(new AssetRow(assetId, "image/png", 1234, "second.png", Instant.now()));
    assertEquals("first.png", second.originalName());
    assertEquals(1234, catalog.asset(assetId).orElseThrow().sizeBytes());
    assertTrue(catalog.asset("missing.png").isEmpty());
  }

  @Test
  void theSubmitLedgerMarksCompletesAndWithdrawsRequests() {
    SubmissionLedger ledger = context.getBean(SubmissionLedger.class);
    String key = "sb-" + UUID.randomUUID() + "/a/clip/1/1";
    assertTrue(ledger.find(key, "kling").isEmpty());

    SubmissionLedger.Submission marked = ledger.sending(key, "kling", "storyboard-x-shot-a",
        SubmissionLedger.Limits.NONE);
    assertFalse(marked.accepted());
    // a second attempt that marks the same request finds the first mark, never a second one
    assertEquals(marked.sentAt(), ledger.sending(key, "kling", "storyboard-x-shot-a", SubmissionLedger.Limits.NONE)
        .sentAt());
    // the same request to another provider (a failover) is its own entry
    assertFalse(ledger.sending(key, "fal", "storyboard-x-shot-a", SubmissionLedger.Limits.NONE).accepted());

    ledger.accepted(marked, "task-" + key);
    assertEquals("task-" + key, ledger.find(key, "kling").orElseThrow().jobId());
    assertEquals("storyboard-x-shot-a", context.getBean(JdbcSubmissionLedger.class).workflowOf("kling", "task-" + key)
        .orElseThrow());
    assertTrue(context.getBean(JdbcSubmissionLedger.class).workflowOf("kling", "no-such-task").isEmpty());
    // an accepted request is never withdrawn; an unanswered one is
    ledger.notSent(marked);
    assertTrue(ledger.find(key, "kling").isPresent());
    ledger.notSent(ledger.find(key, "fal").orElseThrow());
    assertTrue(ledger.find(key, "fal").isEmpty());
  }

  private JdbcSubmissionLedger ledgerAt(java.time.Clock clock) {
    return new JdbcSubmissionLedger(context.getBean(SubmissionRepository.class), context.getBean(ProviderSlots.class),
        clock);
  }

  private static java.time.Clock at(Instant instant) {
    return java.time.Clock.fixed(instant, java.time.ZoneOffset.UTC);
  }

  private static String provider(String what) {
    return what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aMarkHoldsAProviderSlotUntilItsJobEndsOrMaxJobWaitPasses() {
    String provider = provider("slots");
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    var limits = new SubmissionLedger.Limits(2, null, java.time.Duration.ofMinutes(30));
    JdbcSubmissionLedger ledger = ledgerAt(at(t));
    SubmissionLedger.Submission first = ledger.sending("k1", provider, "wf-1", limits);
    ledger.accepted(first, "job-1");
    ledger.sending("k2", provider, "wf-2", limits);
    SubmissionLedger.ProviderBusy busy = assertThrows(SubmissionLedger.ProviderBusy.class,
        () -> ledger.sending("k3", provider, "wf-3", limits));
    assertTrue(busy.getMessage().contains("2 jobs in flight"), busy.getMessage());
    assertNull(busy.retryAfter(), "a slot frees when a job ends, which the ledger cannot foresee");
    assertTrue(ledger.find("k3", provider).isEmpty(), "a refused mark leaves nothing behind");
    // a retried attempt of a request already marked keeps its slot rather than asking for another
    assertEquals(first.sentAt(), ledger.sending("k1", provider, "wf-1", limits).sentAt());

    ledger.ended(provider, "job-1");
    ledger.ended(provider, "job-1");
    ledger.sending("k3", provider, "wf-3", limits);
    assertThrows(SubmissionLedger.ProviderBusy.class, () -> ledger.sending("k4", provider, "wf-4", limits));

    // k2 and k3 never end (their workflows are gone): past max-job-wait their slots are free again
    JdbcSubmissionLedger later = ledgerAt(at(t.plus(java.time.Duration.ofMinutes(31))));
    later.sending("k4", provider, "wf-4", limits);
    later.sending("k5", provider, "wf-5", limits);
    assertThrows(SubmissionLedger.ProviderBusy.class, () -> later.sending("k6", provider, "wf-6", limits));
    // limits belong to their provider
    later.sending("k6", provider("other"), "wf-6", limits);
  }

  /**
   * max-per-second counts a submit from its mark until a window after its answer, so the provider, which sees each
   * request somewhere between the two, never sees more than the limit arrive within a window.
   */
  @Test
  void submitsComeAtMostMaxPerSecondCountedFromTheirAnswers() {
    String provider = provider("rate");
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    var limits = new SubmissionLedger.Limits(null, 2.0, java.time.Duration.ofHours(1));
    var r1 = ledgerAt(at(t)).sending("r1", provider, "wf", limits);
    ledgerAt(at(t.plusMillis(200))).accepted(r1, "job-r1");
    var r2 = ledgerAt(at(t.plusMillis(400))).sending("r2", provider, "wf", limits);
    SubmissionLedger.ProviderBusy busy = assertThrows(SubmissionLedger.ProviderBusy.class,
        () -> ledgerAt(at(t.plusMillis(700))).sending("r3", provider, "wf", limits));
    // r1's answer leaves the one-second window at t + 1.2 s
    assertEquals(500, busy.retryAfter().toMillis());
    ledgerAt(at(t.plusMillis(900))).accepted(r2, "job-r2");
    assertThrows(SubmissionLedger.ProviderBusy.class,
        () -> ledgerAt(at(t.plusMillis(1100))).sending("r3", provider, "wf", limits), "r1 and r2 count until t + 1.2 s");
    ledgerAt(at(t.plusMillis(1200))).sending("r3", provider, "wf", limits);
    // r2 (answered at t + 0.9 s) and r3 (on its way) fill the window
    assertThrows(SubmissionLedger.ProviderBusy.class,
        () -> ledgerAt(at(t.plusMillis(1500))).sending("r4", provider, "wf", limits));

    // half a submit per second: one in any two seconds; a submit never answered counts for a minute at most
    String slow = provider("rate");
    var half = new SubmissionLedger.Limits(null, 0.5, java.time.Duration.ofHours(1));
    ledgerAt(at(t)).sending("s1", slow, "wf", half);
    SubmissionLedger.ProviderBusy unanswered = assertThrows(SubmissionLedger.ProviderBusy.class,
        () -> ledgerAt(at(t.plusSeconds(30))).sending("s2", slow, "wf", half));
    assertNull(unanswered.retryAfter(), "when an unanswered submit is answered cannot be foreseen");
    ledgerAt(at(t.plusSeconds(61))).sending("s2", slow, "wf", half);
  }

  /** Two connections race for a provider's last slot, each from its own thread: exactly one gets it. */
  @Test
  void exactlyOneOfTwoRacingSubmitsGetsTheLastSlot() throws Exception {
    SubmissionLedger ledger = context.getBean(SubmissionLedger.class);
    var limits = new SubmissionLedger.Limits(1, null, java.time.Duration.ofHours(1));
    for (int round = 0; round < 5; round++) {
      String provider = provider("race");
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
      java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        List<java.util.concurrent.Future<Boolean>> racers = new java.util.ArrayList<>();
        for (String key : List.of("a", "b")) {
          racers.add(threads.submit(() -> {
            start.await();
            try {
              ledger.sending(key, provider, "wf-" + key, limits);
              return true;
            } catch (SubmissionLedger.ProviderBusy busy) {
              return false;
            }
          }));
        }
        int won = 0;
        for (var racer : racers) {
          won += racer.get(30, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
        }
        assertEquals(1, won, "round " + round + ": one racer takes the only slot");
        assertEquals(1, List.of("a", "b").stream().filter(k -> ledger.find(k, provider).isPresent()).count());
      } finally {
        threads.shutdownNow();
      }
    }
  }

  @Test
  void aWriteTheDatabaseRefusesFailsAtOnceAndWritesNothing() {
    String id = registered(List.of("reveal"));
    // a take id longer than its column: the database refuses the data, and would on every retry
    Take tooLong = new Take("clip-" + "x".repeat(200), "clip:reveal", "clip", new AssetRef("ab12.mp4", "video/mp4"),
        "local", "job-1", BigDecimal.ONE, "push in", false, 1, "local");
    Take fine = new Take("clip-a1-v1", "clip:reveal", "clip", new AssetRef("ab12.mp4", "video/mp4"), "local", "job-1",
        BigDecimal.ONE, "push in", false, 1, "local");
    io.temporal.failure.ApplicationFailure refused = assertThrows(io.temporal.failure.ApplicationFailure.class,
        () -> activities.record(List.of(CatalogWrite.of(new TakeRecord(id, "reveal", fine)),
            CatalogWrite.of(new TakeRecord(id, "reveal", tooLong)))));

    assertEquals(CatalogRefusal.TYPE, refused.getType());
    assertTrue(refused.isNonRetryable());
    assertTrue(catalog.entry(id).orElseThrow().takes().isEmpty(), "the batch is one transaction: nothing was kept");
  }

  @Test
  void theRosterKnowsWhichProvidersLiveWorkersCanCall() {
    WorkerProviderRepository rows = context.getBean(WorkerProviderRepository.class);
    Instant start = Instant.parse("2030-01-01T10:00:00Z");
    java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(start);
    java.time.Clock clock = new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    WorkerRoster roster = new WorkerRoster(rows, clock);
    String one = "worker-" + UUID.randomUUID();
    String two = "worker-" + UUID.randomUUID();
    assertTrue(roster.callableProviders().isEmpty(), "no worker has said anything yet");

    roster.seen(one, List.of("local", "kling"));
    roster.seen(one, List.of("local", "kling"));
    assertEquals(java.util.Optional.of(java.util.Set.of("kling", "local")), roster.callableProviders());
    assertEquals(2, rows.findByWorkerId(one).size(), "one row per provider, however often it beats");

    roster.seen(one, List.of("local"));
    roster.seen(two, List.of("fal"));
    assertEquals(java.util.Optional.of(java.util.Set.of("fal", "local")), roster.callableProviders(),
        "a provider the worker no longer holds is gone");

    now.set(start.plus(WorkerRoster.LIVE_WITHIN).plusSeconds(1));
    assertTrue(roster.callableProviders().isEmpty(), "workers silent past the window are not live");
    roster.seen(two, List.of("fal"));
    assertEquals(java.util.Optional.of(java.util.Set.of("fal")), roster.callableProviders());

    now.set(start.plus(WorkerRoster.FORGET_AFTER).plusSeconds(60));
    roster.seen(two, List.of("fal"));
    assertTrue(rows.findByWorkerId(one).isEmpty(), "a worker gone a day is forgotten");
  }
}
