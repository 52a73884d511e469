package io.shotflow.emulator;

import static io.shotflow.provider.ProviderHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.shotflow.asset.AssetStore;
import io.shotflow.media.MediaProbe;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderActivitiesImpl;
import io.shotflow.provider.ProviderHarness;
import io.shotflow.provider.ProviderJob;
import io.shotflow.provider.kling.KlingConfig;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulators as {@code --emulate-providers} starts them, with the adapters wired from configuration alone by
 * Micronaut: the provider activities route by name to the Kling and fal beans, which reach the emulators.
 */
class ProviderEmulatorsTest {

  @TempDir Path dir;

  @Test
  void adaptersConfiguredOnlyByPropertiesWorkAgainstTheEmulators() throws Exception {
    try (ProviderEmulators emulators = ProviderEmulators.start(dir.resolve("emulators"), 320)) {
      Map<String, Object> props = new HashMap<>(emulators.properties());
      props.put("shotflow.assets.root", dir.resolve("assets").toString());
      props.put("shotflow.providers.kling.unit-price-usd", "0.126");
      props.put("shotflow.providers.local.jobs-dir", dir.resolve("local-jobs").toString());
      try (ApplicationContext context = ApplicationContext.run(props)) {
        assertEquals(new BigDecimal("0.126"), context.getBean(KlingConfig.class).getUnitPriceUsd());
        ProviderActivitiesImpl activities = context.getBean(ProviderActivitiesImpl.class);
        AssetStore store = context.getBean(AssetStore.class);
        for (String provider : new String[] {"kling", "fal"}) {
          GenerationRequest keyframe = ProviderHarness.request(GenerationKind.KEYFRAME, provider, "standard", 5,
              null, null, null, null);
          GenerationResult frame = run(activities, keyframe);
          assertEquals("image/png", frame.asset().contentType());
          GenerationRequest clip = ProviderHarness.request(GenerationKind.CLIP, provider, "standard", 5,
              frame.asset(), null, null, null);
          GenerationResult video = run(activities, clip);
          MediaProbe.Info info = MediaProbe.probe(store.path(video.asset().id()));
          assertEquals(5.0, info.durationSeconds(), 1e-6, provider);
          BigDecimal expected = provider.equals("kling") ? new BigDecimal("0.252") : new BigDecimal("0.28");
          assertEquals(0, expected.compareTo(video.costUsd()),
              provider + ": Kling bills 2 units at the configured $0.126, fal the rate card: " + video.costUsd());
        }
      }
    }
  }

  private static GenerationResult run(ProviderActivitiesImpl activities, GenerationRequest request) {
    ProviderJob job = activities.submit(request);
    return await(activities, job, request);
  }
}
