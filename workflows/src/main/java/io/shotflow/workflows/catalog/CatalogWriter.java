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
 * A workflow's catalog writes. Since {@link #BATCHES} a write is queued and the code that made it goes on; a writer
 * thread, there only while the queue is not empty, sends what has queued, in order, as one local activity, and the
 * next batch when that is done. A review, the take it approves and the stages that follow cost one or two activities
 * and marker events instead of one each, and a slow database no longer holds the workflow's own work. The workflow
 * task that made a write completes only once its local activities have, so a client answered at that task's end
 * reads what it wrote. Histories from before the change write one activity per record, awaited where it was made, and
 * replay that way.
 *
 * <p>Create from workflow code (it records versions), and {@link #flush()} before the workflow returns or fails.
 */
public final class CatalogWriter {

  /** The change under which catalog writes are queued and batched (version 1). */
  public static final String BATCHES = "catalog-batches";

  /**
   * The change under which workflows record every change of their status, not only of their stage (version 1):
   * pending reviews, spend, details. The API then answers status requests from the catalog instead of querying
   * every running workflow, and still has them while no worker runs.
   */
  public static final String LIVE_STATUS = "catalog-live-status";

  /**
   * The change under which a cancel that comes while a workflow waits for the record of its own end (completed,
   * failed) is recorded too, so the catalog's last word agrees with how the workflow closed (version 1). Before, the
   * cancel ended the workflow with that record unwritten.
   */
  public static final String LATE_CANCEL = "catalog-late-cancel";

  private final CatalogActivities activities;
  private final boolean batched;
  private final boolean live;
  private final List<CatalogWrite> queue = new ArrayList<>();
  private boolean writing;
  private RuntimeException failure;

  private CatalogWriter(CatalogActivities activities, boolean batched, boolean live) {
    this.activities = activities;
    this.batched = batched;
    this.live = live;
  }

  /** The writer of the running workflow. */
  public static CatalogWriter create() {
    CatalogActivities activities = ActivityStubs.catalog();
    boolean batched = Workflow.getVersion(BATCHES, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    boolean live = batched
        && Workflow.getVersion(LIVE_STATUS, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION;
    return new CatalogWriter(activities, batched, live);
  }

  /**
   * Runs {@code record}, the workflow's record of a cancel, where the cancel cannot stop it; for a cancel that
   * interrupted the workflow's own end ({@code duringOwnEnd}), only since {@link #LATE_CANCEL}.
   */
  public static void recordCancel(boolean duringOwnEnd, Runnable record) {
    if (!duringOwnEnd || Workflow.getVersion(LATE_CANCEL, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION) {
      Workflow.newDetachedCancellationScope(record).run();
    }
  }

  /** Whether the workflow records every change of its status ({@link #LIVE_STATUS}). */
  public boolean live() {
    return live;
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
    if (batched) {
      Workflow.await(() -> failure != null || (queue.isEmpty() && !writing));
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void write(CatalogWrite write) {
    if (!batched) {
      write.applyTo(activities);
      return;
    }
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
