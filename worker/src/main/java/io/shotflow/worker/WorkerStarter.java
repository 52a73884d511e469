package io.shotflow.worker;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.shotflow.catalog.CatalogActivities;
import io.shotflow.media.MediaActivities;
import io.shotflow.provider.ProviderActivities;
import io.shotflow.shot.ShotWorkflowImpl;
import io.shotflow.storyboard.StoryboardWorkflowImpl;
import io.shotflow.temporal.TaskQueues;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the workers at application start: orchestration (both workflows and the catalog writes), media, and one
 * worker per provider queue (always {@code local}, plus every provider configured under {@code shotflow.providers})
 * carrying that provider's limits.
 */
@Singleton
@Requires(property = "temporal.enabled", notEquals = "false")
@Requires(property = "shotflow.worker.enabled", notEquals = "false")
public class WorkerStarter implements ApplicationEventListener<StartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerStarter.class);
  static final String LOCAL_PROVIDER = "local";
  private static final int POLLERS = 2;

  private final WorkerFactory factory;
  private final CatalogActivities catalogActivities;
  private final MediaActivities mediaActivities;
  private final ProviderActivities providerActivities;
  private final List<ProviderLimits> providerLimits;

  public WorkerStarter(WorkerFactory factory, CatalogActivities catalogActivities, MediaActivities mediaActivities,
      ProviderActivities providerActivities, List<ProviderLimits> providerLimits) {
    this.factory = factory;
    this.catalogActivities = catalogActivities;
    this.mediaActivities = mediaActivities;
    this.providerActivities = providerActivities;
    this.providerLimits = providerLimits;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    Worker orchestration = factory.newWorker(TaskQueues.ORCHESTRATION, pollers().build());
    orchestration.registerWorkflowImplementationTypes(StoryboardWorkflowImpl.class, ShotWorkflowImpl.class);
    orchestration.registerActivitiesImplementations(catalogActivities);

    factory.newWorker(TaskQueues.MEDIA, pollers().build()).registerActivitiesImplementations(mediaActivities);

    List<String> queues = new ArrayList<>(List.of(TaskQueues.ORCHESTRATION, TaskQueues.MEDIA));
    for (ProviderLimits limits : providers().values()) {
      WorkerOptions.Builder options = pollers();
      if (limits.getMaxConcurrent() != null) {
        options.setMaxConcurrentActivityExecutionSize(limits.getMaxConcurrent());
      }
      if (limits.getMaxPerSecond() != null) {
        options.setMaxWorkerActivitiesPerSecond(limits.getMaxPerSecond());
        options.setMaxTaskQueueActivitiesPerSecond(limits.getMaxPerSecond());
      }
      String queue = TaskQueues.provider(limits.getName());
      factory.newWorker(queue, options.build()).registerActivitiesImplementations(providerActivities);
      queues.add(queue + limitsText(limits));
    }
    factory.start();
    LOG.info("Temporal workers started on {}", queues);
  }

  /** Every configured provider by name, plus {@code local} which always runs. */
  private Map<String, ProviderLimits> providers() {
    Map<String, ProviderLimits> byName = new LinkedHashMap<>();
    byName.put(LOCAL_PROVIDER, new ProviderLimits(LOCAL_PROVIDER));
    providerLimits.forEach(p -> byName.put(p.getName(), p));
    return byName;
  }

  private static WorkerOptions.Builder pollers() {
    return WorkerOptions.newBuilder()
        .setMaxConcurrentWorkflowTaskPollers(POLLERS)
        .setMaxConcurrentActivityTaskPollers(POLLERS);
  }

  private static String limitsText(ProviderLimits limits) {
    if (limits.getMaxConcurrent() == null && limits.getMaxPerSecond() == null) {
      return "";
    }
    return " (max-concurrent " + limits.getMaxConcurrent() + ", max-per-second " + limits.getMaxPerSecond() + ")";
  }
}
