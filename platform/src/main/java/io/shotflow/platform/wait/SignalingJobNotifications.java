package io.shotflow.platform.wait;

import io.micronaut.context.BeanProvider;
import io.shotflow.provider.JobNotifications;
import io.shotflow.provider.JobOwners;
import io.shotflow.provider.ProviderJobChanged;
import io.shotflow.shot.ShotWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the wait for a provider job wherever it is: finds the shot workflow that submitted the job in the submit
 * ledger ({@link JobOwners}) and signals it {@link ShotWorkflow#providerJobChanged}. Nothing is kept in this process,
 * so any API replica can take any webhook and any worker can resume any wait. A webhook can outrun the recording of
 * its job id (the provider answers the submit and calls back within milliseconds), so an unknown job is looked up a
 * few times over about two seconds; after that the shot's fallback check finds the job's end.
 */
@Singleton
public class SignalingJobNotifications implements JobNotifications {

  private static final Logger LOG = LoggerFactory.getLogger(SignalingJobNotifications.class);
  static final Duration[] LOOKUP_BACKOFF = {Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(600),
      Duration.ofSeconds(1)};

  private final JobOwners owners;
  private final Supplier<WorkflowClient> client;

  @Inject
  public SignalingJobNotifications(JobOwners owners, BeanProvider<WorkflowClient> client) {
    this(owners, (Supplier<WorkflowClient>) client::get);
  }

  public SignalingJobNotifications(JobOwners owners, Supplier<WorkflowClient> client) {
    this.owners = owners;
    this.client = client;
  }

  @Override
  public void jobChanged(String provider, String jobId) {
    Optional<String> workflowId = owner(provider, jobId);
    if (workflowId.isEmpty()) {
      LOG.info("{} job {} changed but no submit of it is recorded; the shot's fallback check will find it",
          provider, jobId);
      return;
    }
    try {
      client.get().newWorkflowStub(ShotWorkflow.class, workflowId.get())
          .providerJobChanged(new ProviderJobChanged(provider, jobId));
    } catch (WorkflowNotFoundException e) {
      LOG.debug("{} job {}: workflow {} has ended", provider, jobId, workflowId.get());
    }
  }

  private Optional<String> owner(String provider, String jobId) {
    Optional<String> found = owners.workflowOf(provider, jobId);
    for (int i = 0; found.isEmpty() && i < LOOKUP_BACKOFF.length; i++) {
      try {
        Thread.sleep(LOOKUP_BACKOFF[i].toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return found;
      }
      found = owners.workflowOf(provider, jobId);
    }
    return found;
  }
}
