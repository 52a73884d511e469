package io.shotflow.workflows.shot;

import io.shotflow.provider.ProviderJob;
import io.shotflow.provider.ProviderJobChanged;
import java.util.HashSet;
import java.util.Set;

/**
 * The provider jobs a {@link io.shotflow.shot.ShotWorkflow#providerJobChanged} signal said changed and no check has
 * looked at since. A signal may come before its wait begins (the webhook outran the submit's completion): it is kept
 * until that wait consumes it.
 */
public final class JobSignals {

  private final Set<String> changed = new HashSet<>();

  public void changed(ProviderJobChanged change) {
    changed.add(key(change.provider(), change.jobId()));
  }

  boolean hasChanged(ProviderJob job) {
    return changed.contains(key(job.provider(), job.jobId()));
  }

  /** A check is about to look at {@code job}: what was signalled so far is answered by it. */
  void consume(ProviderJob job) {
    changed.remove(key(job.provider(), job.jobId()));
  }

  private static String key(String provider, String jobId) {
    return provider + "\n" + jobId;
  }
}
