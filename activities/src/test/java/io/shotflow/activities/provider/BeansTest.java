package io.shotflow.activities.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.shotflow.asset.AssetStore;
import io.shotflow.asset.FileAssetStore;
import io.shotflow.activities.media.MediaActivitiesImpl;
import io.shotflow.activities.provider.local.LocalProvider;
import io.shotflow.platform.provider.ProviderSettings;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import io.shotflow.testing.Requests;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.shotflow.activity.ProviderActivities;
import io.shotflow.provider.ProviderError;
import io.shotflow.provider.ProviderJob;

/** The activities wire up as Micronaut beans from configuration, as the worker will create them. */
class BeansTest {

  @TempDir Path dir;

  @Test
  void configurationReachesTheBeans() {
    try (ApplicationContext context = ApplicationContext.run(Map.of(
        "datasources.default.url", "jdbc:h2:mem:beans;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        "datasources.default.driver-class-name", "org.h2.Driver",
        "datasources.default.dialect", "POSTGRES",
        "flyway.datasources.default.enabled", true,
        "shotflow.assets.root", dir.resolve("assets").toString(),
        "shotflow.providers.local.latency", "2s",
        "shotflow.providers.local.failure-rate", "0.25",
        "shotflow.providers.local.jobs-dir", dir.resolve("jobs").toString()))) {
      ProviderSettings config = context.getBean(ProviderSettingsRegistry.class).get("local");
      assertEquals(Duration.ofSeconds(2), config.getLatency());
      assertEquals(0.25, config.getFailureRate());
      FileAssetStore store = assertInstanceOf(FileAssetStore.class, context.getBean(AssetStore.class));
      assertEquals(dir.resolve("assets").toAbsolutePath(), store.root());
      assertTrue(context.getBeansOfType(ProviderAdapter.class).stream().anyMatch(a -> a instanceof LocalProvider));
      context.getBean(MediaActivitiesImpl.class);

      ProviderActivities activities = context.getBean(ProviderActivitiesImpl.class);
      // not an activity context: the failure surfaces directly; 0.25 may refuse, so submit until accepted
      ProviderJob job = null;
      while (job == null) {
        try {
          job = activities.submit(Requests.keyframe("beans", "start", "wired"));
        } catch (ApplicationFailure refused) {
          assertEquals(ProviderError.TRANSIENT.name(), refused.getType());
        }
      }
      assertEquals("local", job.provider());
    }
  }
}
