package io.shotflow.workflow;

import io.shotflow.catalog.CatalogActivities;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every catalog write. */
final class FakeCatalog implements CatalogActivities {

  final List<StoryboardRecord> storyboards = new CopyOnWriteArrayList<>();
  final List<ShotStageRecord> stages = new CopyOnWriteArrayList<>();
  final List<TakeRecord> takes = new CopyOnWriteArrayList<>();
  final List<ReviewRecord> reviews = new CopyOnWriteArrayList<>();

  @Override
  public void recordStoryboardState(StoryboardRecord record) {
    storyboards.add(record);
  }

  @Override
  public void recordShotStage(ShotStageRecord record) {
    stages.add(record);
  }

  @Override
  public void recordTake(TakeRecord record) {
    takes.add(record);
  }

  @Override
  public void recordReview(ReviewRecord record) {
    reviews.add(record);
  }

  @Override
  public void record(List<CatalogWrite> writes) {
    writes.forEach(write -> write.applyTo(this));
  }

  List<ReviewRecord> reviewsOf(String shotId) {
    return reviews.stream().filter(r -> r.shotId().equals(shotId)).toList();
  }
}
