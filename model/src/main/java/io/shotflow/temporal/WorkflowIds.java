package io.shotflow.temporal;

/** Workflow ids derive from the storyboard id, so the API can address any shot without a lookup. */
public final class WorkflowIds {

  private WorkflowIds() {}

  public static String storyboard(String storyboardId) {
    return "storyboard-" + storyboardId;
  }

  public static String shot(String storyboardId, String shotId) {
    return "storyboard-" + storyboardId + "-shot-" + shotId;
  }
}
