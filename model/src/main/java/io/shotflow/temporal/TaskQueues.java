package io.shotflow.temporal;

/** Task queue names: one for orchestration (workflows and catalog writes), one for media, one per provider. */
public final class TaskQueues {

  public static final String ORCHESTRATION = "shotflow-orchestration";
  public static final String MEDIA = "shotflow-media";
  private static final String PROVIDER_PREFIX = "shotflow-provider-";

  private TaskQueues() {}

  public static String provider(String providerName) {
    return PROVIDER_PREFIX + providerName;
  }
}
