package io.shotflow.worker;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.shotflow.activities.provider.ProviderAdapter;
import io.shotflow.catalog.WorkerRoster;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in the catalog, at start and every {@link WorkerRoster#BEAT}, the providers this worker can call: those with
 * an adapter bean, which exists only once the provider's credentials are configured ({@code local} always). The API
 * refuses a storyboard whose provider no live worker can call.
 */
@Singleton
@Requires(property = "temporal.enabled", notEquals = "false")
@Requires(property = "shotflow.worker.enabled", notEquals = "false")
public class WorkerPresence {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerPresence.class);

  private final WorkerRoster roster;
  private final List<String> providers;
  private final String workerId = host() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID()
      .toString().substring(0, 8);

  public WorkerPresence(WorkerRoster roster, List<ProviderAdapter> adapters) {
    this.roster = roster;
    this.providers = adapters.stream().map(ProviderAdapter::name).sorted().toList();
  }

  /** The catalog being away for a beat costs nothing but that beat: the worker goes on and tries at the next. */
  @Scheduled(fixedDelay = "30s", initialDelay = "0s")
  void beat() {
    try {
      roster.seen(workerId, providers);
    } catch (RuntimeException e) {
      LOG.warn("Could not record this worker's providers {} in the catalog: {}", providers, e.toString());
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown-host";
    }
  }
}
