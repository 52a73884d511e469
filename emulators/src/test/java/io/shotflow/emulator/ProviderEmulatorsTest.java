package io.shotflow.emulator;

import static io.shotflow.activities.provider.ProviderHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.shotflow.asset.AssetStore;
import io.shotflow.activities.media.MediaProbe;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.activities.provider.ProviderActivitiesImpl;
import io.shotflow.activities.provider.ProviderHarness;
import io.shotflow.provider.ProviderJob;
import io.shotflow.platform.provider.ProviderSettingsRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulators as {@code --emulate-providers} starts them, with the adapters wired from configuration alone by
 * Micronaut: the provider activities route by name to every provider's bean, which reaches its emulator; inputs go
 * by URL through a stand-in for the API's public address.
 */
class ProviderEmulatorsTest {

  @TempDir Path dir;

  @Test
  void adaptersConfiguredOnlyByPropertiesWorkAgainstTheEmulators() throws Exception {
    try (ProviderEmulators emulators = ProviderEmulators.start(dir.resolve("emulators"), 320);
        ProviderHarness site = new ProviderHarness(dir)) {
      Map<String, Object> props = new HashMap<>(emulators.properties());
      props.put("shotflow.assets.root", site.store.root().toString());
      props.put("shotflow.public-url", site.site.url());
      props.put("shotflow.providers.kling.unit-price-usd", "0.126");
      props.put("shotflow.providers.local.jobs-dir", dir.resolve("local-jobs").toString());
      // the submit ledger the activities write before every send
      props.put("datasources.default.url", "jdbc:h2:mem:emulators;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
      props.put("datasources.default.driver-class-name", "org.h2.Driver");
      props.put("datasources.default.dialect", "POSTGRES");
      props.put("flyway.datasources.default.enabled", true);
      try (ApplicationContext context = ApplicationContext.run(props)) {
        assertEquals(new BigDecimal("0.126"), context.getBean(ProviderSettingsRegistry.class).get("kling").getUnitPriceUsd());
        ProviderActivitiesImpl activities = context.getBean(ProviderActivitiesImpl.class);
        AssetStore store = context.getBean(AssetStore.class);
        Map<String, BigDecimal> clipPrices = Map.of("kling", new BigDecimal("0.252"), "fal", new BigDecimal("0.28"),
            "wavespeed", new BigDecimal("0.25"), "replicate", new BigDecimal("0.25"));
        GenerationResult video = null;
        for (String provider : new String[] {"kling", "fal", "wavespeed", "replicate"}) {
          GenerationRequest keyframe = ProviderHarness.request(GenerationKind.KEYFRAME, provider, "standard", 5,
              null, null, null, null);
          GenerationResult frame = run(activities, keyframe);
          assertEquals("image/png", frame.asset().contentType());
          GenerationRequest clip = ProviderHarness.request(GenerationKind.CLIP, provider, "standard", 5,
              frame.asset(), null, null, null);
          video = run(activities, clip);
          MediaProbe.Info info = MediaProbe.probe(store.path(video.asset().id()));
          assertEquals(5.0, info.durationSeconds(), 1e-6, provider);
          assertEquals(0, clipPrices.get(provider).compareTo(video.costUsd()),
              provider + ": Kling bills 2 units at the configured $0.126, the others the rate card: " + video.costUsd());
        }
        GenerationRequest lipSync = ProviderHarness.request(GenerationKind.LIP_SYNC, "sync", "standard", 5, null, null,
            video.asset(), site.wav(3));
        GenerationResult synced = run(activities, lipSync);
        assertTrue(MediaProbe.probe(store.path(synced.asset().id())).hasAudio());
        assertEquals(0, new BigDecimal("0.25").compareTo(synced.costUsd()), "5 s of Sync output at $0.05");
      }
    }
  }

  private static GenerationResult run(ProviderActivitiesImpl activities, GenerationRequest request) {
    ProviderJob job = activities.submit(request);
    return await(activities, job, request);
  }
}
