package io.shotflow.workflows.shot;

import io.shotflow.activity.CatalogActivities.ReviewRecord;
import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.activity.CatalogActivities.TakeRecord;
import io.shotflow.media.AssetRef;
import io.shotflow.shot.ShotStage;
import io.shotflow.shot.Take;
import io.shotflow.storyboard.ContinuityFrame;
import io.shotflow.storyboard.StartKeyframe;
import io.shotflow.storyboard.SpendRequest;
import io.shotflow.storyboard.StoryboardWorkflow;
import io.shotflow.temporal.SearchAttributes;
import io.shotflow.workflows.catalog.CatalogWriter;
import io.temporal.workflow.Workflow;
import java.math.BigDecimal;
import org.slf4j.Logger;

/**
 * What the shot workflow sends out: search attributes, current details and log lines in Temporal, records to the
 * catalog (through one {@link CatalogWriter}, created on first use), and signals to its storyboard workflow. Call from
 * workflow code only.
 */
final class ShotEffects implements ShotStatusPublisher.Effects, TakeLoop.Effects {

  private static final Logger log = Workflow.getLogger(ShotWorkflowImpl.class);

  private final String storyboardId;
  private final String shotId;
  private final String parentWorkflowId;
  private CatalogWriter catalog;

  ShotEffects(String storyboardId, String shotId, String parentWorkflowId) {
    this.storyboardId = storyboardId;
    this.shotId = shotId;
    this.parentWorkflowId = parentWorkflowId;
  }

  /** The search attributes that find the shot: its storyboard, id and provider, and no spend yet. */
  void started(String provider) {
    Workflow.upsertTypedSearchAttributes(
        SearchAttributes.STORYBOARD_ID.valueSet(storyboardId),
        SearchAttributes.SHOT_ID.valueSet(shotId),
        SearchAttributes.PROVIDER.valueSet(provider),
        SearchAttributes.SPEND_USD.valueSet(0.0));
  }

  @Override
  public void currentDetails(String markdown) {
    Workflow.setCurrentDetails(markdown);
  }

  @Override
  public void stageChanged(ShotStage stage, boolean awaitingReview, String detail) {
    Workflow.upsertTypedSearchAttributes(
        SearchAttributes.STAGE.valueSet(stage.value()),
        SearchAttributes.AWAITING_REVIEW.valueSet(awaitingReview));
    log.info("shot {}: stage {} ({})", shotId, stage.value(), detail);
  }

  @Override
  public void recordStage(ShotStageRecord record) {
    catalog().recordShotStage(record);
  }

  @Override
  public void recordTake(Take take) {
    catalog().recordTake(new TakeRecord(storyboardId, shotId, take));
  }

  @Override
  public void recordReview(ReviewRecord record) {
    catalog().recordReview(record);
  }

  @Override
  public void spent(BigDecimal spend) {
    Workflow.upsertTypedSearchAttributes(SearchAttributes.SPEND_USD.valueSet(spend.doubleValue()));
  }

  /** Waits until the catalog holds every record written so far. */
  void flush() {
    catalog().flush();
  }

  /** The storyboard's answer is the spendGranted signal. */
  @Override
  public void requestSpend(int seq, BigDecimal amount, String subject) {
    storyboard().requestSpend(new SpendRequest(shotId, Workflow.getInfo().getWorkflowId(), seq, amount, subject));
  }

  /** Tells the storyboard the shot's last frame, which a later shot continues from. */
  void continuityFrameReady(AssetRef frame) {
    storyboard().continuityFrameReady(new ContinuityFrame(shotId, frame));
  }

  /** Tells the storyboard the shot's approved start keyframe, which another shot ends on. */
  void startKeyframeReady(AssetRef keyframe) {
    storyboard().startKeyframeReady(new StartKeyframe(shotId, keyframe));
  }

  private StoryboardWorkflow storyboard() {
    return Workflow.newExternalWorkflowStub(StoryboardWorkflow.class, parentWorkflowId);
  }

  private CatalogWriter catalog() {
    if (catalog == null) {
      catalog = CatalogWriter.create();
    }
    return catalog;
  }
}
