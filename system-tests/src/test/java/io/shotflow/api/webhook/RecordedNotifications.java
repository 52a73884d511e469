package io.shotflow.api.webhook;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.shotflow.activities.provider.JobWatch;
import io.shotflow.activities.provider.JobWatchConfig;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Singleton;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** The real job watch that also records {@code provider:jobId} for every notification, in the webhook tests only. */
@Singleton
@Replaces(JobWatch.class)
@Requires(property = "test.record-job-notifications", value = "true")
public class RecordedNotifications extends JobWatch {

  final BlockingQueue<String> changed = new LinkedBlockingQueue<>();

  public RecordedNotifications(BeanProvider<WorkflowClient> clients, JobWatchConfig config,
      ProviderSettingsRegistry settings) {
    super(clients, config, settings);
  }

  @Override
  public void jobChanged(String provider, String jobId) {
    changed.add(provider + ":" + jobId);
    super.jobChanged(provider, jobId);
  }
}
