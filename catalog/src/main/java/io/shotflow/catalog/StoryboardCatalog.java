package io.shotflow.catalog;

import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.review.PendingReview;
import io.shotflow.storyboard.StoryboardState;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The API's side of the catalog: registering submissions and uploads, and reading storyboards back. */
@Singleton
public class StoryboardCatalog {

  private final StoryboardRepository storyboards;
  private final ShotRepository shots;
  private final TakeRepository takes;
  private final ReviewRepository reviews;
  private final AssetRepository assets;

  public StoryboardCatalog(StoryboardRepository storyboards, ShotRepository shots, TakeRepository takes,
      ReviewRepository reviews, AssetRepository assets) {
    this.storyboards = storyboards;
    this.shots = shots;
    this.takes = takes;
    this.reviews = reviews;
    this.assets = assets;
  }

  /** A storyboard accepted by the API, about to start: its row plus one row per shot in spec order. */
  public record NewStoryboard(String id, String title, String workflowId, BigDecimal budgetUsd,
      BigDecimal estimatedCostUsd, String specJson, List<String> shotIds) {}

  /** A storyboard with its shots and takes (its reviews, which only grow, are read apart: {@link #reviews}). */
  public record Entry(StoryboardRow storyboard, List<ShotRow> shots, List<TakeRow> takes) {

    public AssemblyResult outputs() {
      return CatalogJson.readOutputs(storyboard.outputsJson());
    }

    /** What of {@code shot} waits for a reviewer, as its workflow last recorded it. */
    public List<PendingReview> pendingReviews(ShotRow shot) {
      return CatalogJson.readPendingReviews(shot.pendingReviewsJson());
    }
  }

  @Transactional
  public void register(NewStoryboard s) {
    Instant now = Instant.now();
    storyboards.save(new StoryboardRow(s.id(), s.title(), s.workflowId(), StoryboardState.RUNNING.value(),
        s.budgetUsd(), BigDecimal.ZERO, s.estimatedCostUsd(), s.specJson(), null, null, now, now));
    for (int i = 0; i < s.shotIds().size(); i++) {
      shots.save(new ShotRow(null, s.id(), s.shotIds().get(i), i, null, BigDecimal.ZERO, null, null, now));
    }
  }

  /** Removes a registration whose workflow could not be started. */
  @Transactional
  public void unregister(String storyboardId) {
    storyboards.deleteById(storyboardId);
  }

  /** Records an uploaded or imported file; the same content arriving twice keeps its first row. */
  @Transactional
  public AssetRow recordAsset(AssetRow asset) {
    return assets.findById(asset.id()).orElseGet(() -> assets.save(asset));
  }

  @Transactional
  public Optional<AssetRow> asset(String id) {
    return assets.findById(id);
  }

  @Transactional
  public List<StoryboardRow> list() {
    return storyboards.listOrderByCreatedAtDesc();
  }

  /** How many subjects wait for a reviewer, by storyboard id, as the workflows last recorded (absent: none). */
  @Transactional
  public Map<String, Integer> pendingReviewCounts() {
    Map<String, Integer> counts = new HashMap<>();
    for (ShotRow shot : shots.findAwaitingReview()) {
      counts.merge(shot.storyboardId(), CatalogJson.readPendingReviews(shot.pendingReviewsJson()).size(), Integer::sum);
    }
    return counts;
  }

  @Transactional
  public Optional<StoryboardRow> storyboard(String id) {
    return storyboards.findById(id);
  }

  @Transactional
  /**
   * Records that Temporal no longer knows the storyboard's workflow ({@code lost}, terminal) with why; a storyboard
   * already in an end state keeps it. True when this call recorded it.
   */
  public boolean markLost(String id, String why) {
    return storyboards.markLost(id, why, java.time.Instant.now()) > 0;
  }

  public Optional<Entry> entry(String id) {
    return storyboards.findById(id).map(row -> new Entry(row,
        shots.findByStoryboardIdOrderByPosition(id),
        takes.findByStoryboardIdOrderById(id)));
  }

  /** Every review decision recorded for the storyboard, applied or ignored, in arrival order. */
  @Transactional
  public List<ReviewRow> reviews(String storyboardId) {
    return reviews.findByStoryboardIdOrderById(storyboardId);
  }

  @Transactional
  public boolean hasShot(String storyboardId, String shotId) {
    return shots.existsByStoryboardIdAndShotId(storyboardId, shotId);
  }
}
