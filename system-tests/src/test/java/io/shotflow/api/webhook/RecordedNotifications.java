package io.shotflow.api.webhook;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.shotflow.platform.wait.SignalingJobNotifications;
import io.shotflow.provider.JobOwners;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Singleton;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** The real notifications that also record {@code provider:jobId} for every one, in the webhook tests only. */
@Singleton
@Replaces(SignalingJobNotifications.class)
@Requires(property = "test.record-job-notifications", value = "true")
public class RecordedNotifications extends SignalingJobNotifications {

  final BlockingQueue<String> changed = new LinkedBlockingQueue<>();

  public RecordedNotifications(JobOwners owners, BeanProvider<WorkflowClient> clients) {
    super(owners, clients);
  }

  @Override
  public void jobChanged(String provider, String jobId) {
    changed.add(provider + ":" + jobId);
    super.jobChanged(provider, jobId);
  }
}
