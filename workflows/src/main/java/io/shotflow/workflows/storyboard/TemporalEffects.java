package io.shotflow.workflows.storyboard;

import io.shotflow.activity.CatalogActivities.ShotStageRecord;
import io.shotflow.activity.CatalogActivities.StoryboardRecord;
import io.shotflow.workflows.catalog.CatalogWriter;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;

/** The publisher's effects in a running storyboard workflow: search attributes, current details, catalog writes. */
final class TemporalEffects implements StoryboardPublisher.Effects {

  /** Created on first use, from workflow code. */
  private CatalogWriter catalog;

  @Override
  public void upsert(SearchAttributeUpdate<?>... updates) {
    Workflow.upsertTypedSearchAttributes(updates);
  }

  @Override
  public void currentDetails(String markdown) {
    Workflow.setCurrentDetails(markdown);
  }

  @Override
  public void record(StoryboardRecord record) {
    catalog().recordStoryboardState(record);
  }

  @Override
  public void record(ShotStageRecord record) {
    catalog().recordShotStage(record);
  }

  /** Waits until every catalog write is made; see {@link CatalogWriter#flush()}. */
  void flush() {
    catalog().flush();
  }

  private CatalogWriter catalog() {
    if (catalog == null) {
      catalog = CatalogWriter.create();
    }
    return catalog;
  }
}
