package io.shotflow.activities.provider;

import io.shotflow.catalog.SubmissionLedger;
import io.shotflow.provider.JobOwners;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The submit ledger in memory (its {@code max-concurrent} slots too; no rate), shared by the "worker processes" of one test as the catalog is in production. */
public final class MemorySubmissionLedger implements SubmissionLedger, JobOwners {

  private final Map<String, Submission> entries = new ConcurrentHashMap<>();
  /** provider + job id of the jobs a check saw end. */
  private final java.util.Set<String> ended = ConcurrentHashMap.newKeySet();

  @Override
  public Optional<Submission> find(String idempotencyKey, String provider) {
    return Optional.ofNullable(entries.get(key(idempotencyKey, provider)));
  }

  @Override
  public synchronized Submission sending(String idempotencyKey, String provider, String workflowId, Limits limits) {
    Submission earlier = entries.get(key(idempotencyKey, provider));
    if (earlier != null) {
      return earlier;
    }
    if (limits.maxConcurrent() != null) {
      long inFlight = entries.values().stream().filter(s -> provider.equals(s.provider())
          && (s.jobId() == null || !ended.contains(key(s.jobId(), provider)))).count();
      if (inFlight >= limits.maxConcurrent()) {
        throw new ProviderBusy(provider + " has " + inFlight + " jobs in flight, its max-concurrent is "
            + limits.maxConcurrent(), null);
      }
    }
    Submission marked = new Submission(idempotencyKey, provider, workflowId, Instant.now(), null);
    entries.put(key(idempotencyKey, provider), marked);
    return marked;
  }

  @Override
  public void ended(String provider, String jobId) {
    ended.add(key(jobId, provider));
  }

  @Override
  public Submission accepted(Submission marked, String jobId) {
    Submission done = new Submission(marked.idempotencyKey(), marked.provider(), marked.workflowId(), marked.sentAt(),
        jobId);
    entries.put(key(marked.idempotencyKey(), marked.provider()), done);
    return done;
  }

  @Override
  public void notSent(Submission marked) {
    entries.computeIfPresent(key(marked.idempotencyKey(), marked.provider()), (k, s) -> s.accepted() ? s : null);
  }

  @Override
  public Optional<String> workflowOf(String provider, String jobId) {
    return entries.values().stream().filter(s -> provider.equals(s.provider()) && jobId.equals(s.jobId()))
        .map(Submission::workflowId).findFirst();
  }

  /** Marks {@code idempotencyKey} as sent at {@code sentAt} without an answer, as a worker that died would leave it. */
  public void markSentWithoutAnswer(String idempotencyKey, String provider, Instant sentAt) {
    entries.put(key(idempotencyKey, provider), new Submission(idempotencyKey, provider, "wf", sentAt, null));
  }

  private static String key(String idempotencyKey, String provider) {
    return provider + "\n" + idempotencyKey;
  }
}
