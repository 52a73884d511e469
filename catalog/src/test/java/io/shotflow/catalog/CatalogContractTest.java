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

    SubmissionLedger.Submission marked = ledger.sending(key, "kling", "storyboard-x-shot-a");
    assertFalse(marked.accepted());
    // a second attempt that marks the same request finds the first mark, never a second one
    assertEquals(marked.sentAt(), ledger.sending(key, "kling", "storyboard-x-shot-a").sentAt());
    // the same request to another provider (a failover) is its own entry
    assertFalse(ledger.sending(key, "fal", "storyboard-x-shot-a").accepted());

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
}
