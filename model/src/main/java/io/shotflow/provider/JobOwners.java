package io.shotflow.provider;

import java.util.Optional;

/** Which workflow waits for a provider's job: recorded when the job was submitted. */
public interface JobOwners {

  /** The id of the workflow that submitted {@code jobId} to {@code provider}, if this catalog knows the job. */
  Optional<String> workflowOf(String provider, String jobId);
}
