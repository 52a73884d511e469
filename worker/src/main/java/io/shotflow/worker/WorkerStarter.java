package io.shotflow.worker;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.shotflow.activity.CatalogActivities;
import io.shotflow.activity.MediaActivities;
import io.shotflow.activity.ProviderActivities;
import io.shotflow.activities.provider.ProviderAdapter;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import io.shotflow.platform.temporal.TemporalSettings;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.workflows.shot.ShotWorkflowImpl;
import io.shotflow.workflows.storyboard.StoryboardWorkflowImpl;
import io.shotflow.temporal.TaskQueues;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the workers at application start: orchestration (both workflows and the catalog writes), media, and one
 * worker per provider that has an adapter bean (always {@code local}; the others once their credentials are
 * configured). A provider's {@code max-concurrent} and {@code max-per-second} are not worker options (a worker's
 * activity slots would count checks as well as submits, and only in this process): the provider activities take a
 * slot for each job in the catalog's submit ledger, shared by every worker. A provider configured without
 * credentials gets no worker, and says why: its submits wait on its queue until the shot fails over (see
 * {@code shotflow.failover.queue-wait}) rather than fail on a worker that cannot call it.
 */
@Singleton
@Requires(property = "temporal.enabled", notEquals = "false")
@Requires(property = "shotflow.worker.enabled", notEquals = "false")
public class WorkerStarter implements ApplicationEventListener<StartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerStarter.class);
  private static final Duration STICKY_DEFAULT = Duration.ofSeconds(5);

  private final WorkerFactory factory;
  private final CatalogActivities catalogActivities;
  private final MediaActivities mediaActivities;
  private final ProviderActivities providerActivities;
  private final List<ProviderAdapter> adapters;
  private final ProviderSettingsRegistry settings;
  private final Duration stickyQueueTimeout;
  private final WorkerTuning tuning;

  /**
   * {@code shotflow.worker.sticky-queue-timeout}: how long a workflow task waits on this
   * worker's own (sticky) queue before the server hands it to any worker; zero sends every workflow task to the shared
   * queue. The in-memory server ({@code ./shotflow temporal-server}) never hands a sticky task on, so a worker killed
   * there would strand every workflow it had cached. Unset: zero for a worker in its own process against that server
   * ({@code temporal.address} set, and the server reports no version, as only the in-memory one does), else the SDK's
   * 5 s (a real Temporal server, or the embedded stack, whose worker cannot die alone).
   */
  public WorkerStarter(WorkerFactory factory, CatalogActivities catalogActivities, MediaActivities mediaActivities,
      ProviderActivities providerActivities, List<ProviderAdapter> adapters, ProviderSettingsRegistry settings,
      WorkerTuning tuning, TemporalSettings temporal) {
    this.tuning = tuning;
    this.stickyQueueTimeout = tuning.getStickyQueueTimeout() != null ? tuning.getStickyQueueTimeout()
        : temporal.hasAddress() && inMemoryServer(factory) ? Duration.ZERO
        : STICKY_DEFAULT;
    this.factory = factory;
    this.catalogActivities = catalogActivities;
    this.mediaActivities = mediaActivities;
    this.providerActivities = providerActivities;
    this.adapters = adapters;
    this.settings = settings;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    Worker orchestration = factory.newWorker(TaskQueues.ORCHESTRATION, queueOptions()
        .setStickyQueueScheduleToStartTimeout(stickyQueueTimeout).build());
    orchestration.registerWorkflowImplementationTypes(StoryboardWorkflowImpl.class, ShotWorkflowImpl.class);
    orchestration.registerActivitiesImplementations(catalogActivities);

    factory.newWorker(TaskQueues.MEDIA, queueOptions().build()).registerActivitiesImplementations(mediaActivities);

    List<String> queues = new ArrayList<>(List.of(TaskQueues.ORCHESTRATION, TaskQueues.MEDIA));
    for (ProviderSettings limits : providers()) {
      // the provider's limits are not worker options: its submits take their slots in the catalog's submit ledger
      String queue = TaskQueues.provider(limits.getName());
      factory.newWorker(queue, queueOptions().build()).registerActivitiesImplementations(providerActivities);
      queues.add(queue + limitsText(limits));
    }
    factory.start();
    LOG.info("Temporal workers started on {}", queues);
  }

  /** Whether the server is the in-memory test server, which reports no version (a real one always does). */
  private static boolean inMemoryServer(WorkerFactory factory) {
    try {
      String version = factory.getWorkflowClient().getWorkflowServiceStubs().blockingStub()
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).getServerVersion();
      boolean inMemory = version == null || version.isBlank();
      if (inMemory) {
        LOG.info("The Temporal server is the in-memory one: workflow tasks go to the shared queue "
            + "(shotflow.worker.sticky-queue-timeout 0), so a killed worker strands nothing");
      }
      return inMemory;
    } catch (RuntimeException e) {
      LOG.debug("Temporal's system info is unavailable ({}); keeping sticky queues", e.toString());
      return false;
    }
  }

  /** The settings of every provider with an adapter (no limits when unconfigured, as for {@code local}). */
  private List<ProviderSettings> providers() {
    Map<String, ProviderSettings> byName = new LinkedHashMap<>();
    for (ProviderAdapter adapter : adapters) {
      byName.put(adapter.name(), settings.get(adapter.name()));
    }
    settings.configured().stream().map(ProviderSettings::getName).filter(name -> !byName.containsKey(name))
        .forEach(name -> LOG.warn("shotflow.providers.{} is configured but has no adapter: set shotflow.providers.{}.{}."
            + " No worker polls {}; submits to {} wait there until the shot fails over to a fallback provider or a"
            + " worker with the credentials starts", name, name, credentialKeys(name), TaskQueues.provider(name), name));
    return List.copyOf(byName.values());
  }

  /** The settings that create a provider's adapter bean. */
  private static String credentialKeys(String provider) {
    return ProviderCatalog.KLING.equals(provider) ? "access-key and .secret-key" : "api-key";
  }

  private WorkerOptions.Builder queueOptions() {
    return tuning.workerOptions();
  }

  private static String limitsText(ProviderSettings limits) {
    if (limits.getMaxConcurrent() == null && limits.getMaxPerSecond() == null) {
      return "";
    }
    return " (max-concurrent " + limits.getMaxConcurrent() + " jobs in flight, max-per-second "
        + limits.getMaxPerSecond() + " submits, across all workers)";
  }
}
