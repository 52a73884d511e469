package io.shotflow.workflows.catalog;

import io.shotflow.activity.CatalogActivities.CatalogWrite;
import io.shotflow.activity.CatalogActivities.ReviewRecord;
import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.activity.CatalogActivities.StoryboardRecord;
import io.shotflow.activity.CatalogActivities.TakeRecord;
import io.shotflow.workflows.activity.ActivityStubs;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import io.shotflow.activity.CatalogActivities;

/**
 * A workflow's catalog writes. A write is queued and the code that made it goes on; a writer thread, there only while
 * the queue is not empty, sends what has queued, in order, as one local activity, and the next batch when that is
 * done. A review, the take it approves and the stages that follow cost one or two activities and marker events
 * instead of one each, and a slow database does not hold the workflow's own work. The workflow task that made a write
 * completes only once its local activities have, so a client answered at that task's end reads what it wrote.
 *
 * <p>Create from workflow code, and {@link #flush()} before the workflow returns or fails.
 */
public final class CatalogWriter {

  private final CatalogActivities activities;
  private final List<CatalogWrite> queue = new ArrayList<>();
  private boolean writing;
  private RuntimeException failure;

  private CatalogWriter(CatalogActivities activities) {
    this.activities = activities;
  }

  /** The writer of the running workflow. */
  public static CatalogWriter create() {
    return new CatalogWriter(ActivityStubs.catalog());
  }

  /**
   * Runs {@code record}, the workflow's record of a cancel, where the cancel cannot stop it: also when the cancel
   * interrupted the workflow's own end (completed, failed), so the catalog's last word agrees with how it closed.
   */
  public static void recordCancel(Runnable record) {
    Workflow.newDetachedCancellationScope(record).run();
  }

  public void recordStoryboardState(StoryboardRecord record) {
    write(CatalogWrite.of(record));
  }

  public void recordShotStage(ShotStageRecord record) {
    write(CatalogWrite.of(record));
  }

  public void recordTake(TakeRecord record) {
    write(CatalogWrite.of(record));
  }

  public void recordReview(ReviewRecord record) {
    write(CatalogWrite.of(record));
  }

  /** Waits until every queued write is in the catalog; throws what stopped the writer, if anything did. */
  public void flush() {
    Workflow.await(() -> failure != null || (queue.isEmpty() && !writing));
    if (failure != null) {
      throw failure;
    }
  }

  private void write(CatalogWrite write) {
    if (failure != null) {
      throw failure;
    }
    queue.add(write);
    if (!writing) {
      writing = true;
      // a thread only while there is something to write: a cached workflow keeps every thread it has, and a thread
      // per waiting workflow doubled a busy worker's threads. Detached: a cancelled workflow still records its end.
      Workflow.newDetachedCancellationScope(() -> Async.procedure(this::drain)).run();
    }
  }

  private void drain() {
    try {
      while (!queue.isEmpty()) {
        List<CatalogWrite> batch = List.copyOf(queue);
        queue.clear();
        activities.record(batch);
      }
    } catch (RuntimeException e) {
      // writes retry until the database answers; one that cannot be made fails the workflow at its next write
      failure = e;
    } finally {
      writing = false;
    }
  }
}
