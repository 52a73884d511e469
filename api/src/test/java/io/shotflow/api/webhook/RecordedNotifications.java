package io.shotflow.api.webhook;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.shotflow.provider.JobNotifications;
import jakarta.inject.Singleton;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Records {@code provider:jobId} for every notification, in place of the real wake-up, in the webhook tests only. */
@Singleton
@Replaces(JobNotifications.class)
@Requires(property = "test.record-job-notifications", value = "true")
public class RecordedNotifications implements JobNotifications {

  final BlockingQueue<String> changed = new LinkedBlockingQueue<>();

  @Override
  public void jobChanged(String provider, String jobId) {
    changed.add(provider + ":" + jobId);
  }
}
