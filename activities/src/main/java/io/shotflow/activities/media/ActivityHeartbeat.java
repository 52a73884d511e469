package io.shotflow.activities.media;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

/**
 * Heartbeats for long media work: sends progress to Temporal at most once a second when running inside an
 * activity, does nothing elsewhere (tests, the CLI). A cancelled or timed-out activity learns it here: the
 * heartbeat throws, which stops the work.
 */
public final class ActivityHeartbeat {

  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final ActivityExecutionContext context;
  private long last = System.nanoTime() - INTERVAL_NANOS;

  private ActivityHeartbeat(ActivityExecutionContext context) {
    this.context = context;
  }

  public static ActivityHeartbeat current() {
    try {
      return new ActivityHeartbeat(Activity.getExecutionContext());
    } catch (IllegalStateException notInAnActivity) {
      return new ActivityHeartbeat(null);
    }
  }

  public void beat(String progress) {
    if (context == null) {
      return;
    }
    long now = System.nanoTime();
    if (now - last >= INTERVAL_NANOS) {
      last = now;
      context.heartbeat(progress);
    }
  }
}
