package io.shotflow.workflow;

import io.shotflow.activity.CatalogActivities;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records every catalog write. */
final class FakeCatalog implements CatalogActivities {

  final List<StoryboardRecord> storyboards = new CopyOnWriteArrayList<>();
  final List<ShotStageRecord> stages = new CopyOnWriteArrayList<>();
  final List<TakeRecord> takes = new CopyOnWriteArrayList<>();
  final List<ReviewRecord> reviews = new CopyOnWriteArrayList<>();
  /** Runs before any record is kept: where a test can hold a write. */
  volatile Consumer<Record> beforeWrite = record -> {};

  @Override
  public void recordStoryboardState(StoryboardRecord record) {
    beforeWrite.accept(record);
    storyboards.add(record);
  }

  @Override
  public void recordShotStage(ShotStageRecord record) {
    beforeWrite.accept(record);
    stages.add(record);
  }

  @Override
  public void recordTake(TakeRecord record) {
    beforeWrite.accept(record);
    takes.add(record);
  }

  @Override
  public void recordReview(ReviewRecord record) {
    beforeWrite.accept(record);
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
