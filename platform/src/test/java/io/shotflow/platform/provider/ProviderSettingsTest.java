package io.shotflow.platform.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code shotflow.providers.<name>.*} bound once, with the documented defaults for every key that is not set. */
class ProviderSettingsTest {

  @Test
  void everyKeyOfEveryProviderIsBoundFromOneTree() {
    try (ApplicationContext context = ApplicationContext.run(Map.ofEntries(
        Map.entry("shotflow.providers.kling.access-key", "ak"),
        Map.entry("shotflow.providers.kling.secret-key", "sk"),
        Map.entry("shotflow.providers.kling.webhook-secret", "token"),
        Map.entry("shotflow.providers.kling.max-concurrent", "3"),
        Map.entry("shotflow.providers.kling.max-per-second", "0.5"),
        Map.entry("shotflow.providers.kling.poll-interval", "15s"),
        Map.entry("shotflow.providers.kling.unit-price-usd", "0.126"),
        Map.entry("shotflow.providers.fal.base-url", "http://127.0.0.1:9/fal"),
        Map.entry("shotflow.providers.fal.api-key", "fal-key"),
        Map.entry("shotflow.providers.fal.jwks-url", "http://127.0.0.1:9/jwks"),
        Map.entry("shotflow.providers.fal.lip-sync-model", "fal-ai/sync-lipsync/v2"),
        Map.entry("shotflow.providers.fal.sync-model", "lipsync-2-pro"),
        Map.entry("shotflow.providers.fal.request-timeout", "5s"),
        Map.entry("shotflow.providers.replicate.prefer-wait", "10s"),
        Map.entry("shotflow.providers.replicate.cancel-after", "2h"),
        Map.entry("shotflow.providers.replicate.keyframe-model", "owner/model"),
        Map.entry("shotflow.providers.sync.model", "lipsync-2-pro"),
        Map.entry("shotflow.providers.local.latency", "2s"),
        Map.entry("shotflow.providers.local.failure-rate", "0.25"),
        Map.entry("shotflow.providers.local.jobs-dir", "/tmp/jobs"),
        Map.entry("shotflow.providers.local.render-threads", "1")))) {
      ProviderSettingsRegistry registry = context.getBean(ProviderSettingsRegistry.class);

      ProviderSettings kling = registry.get("kling");
      assertEquals("ak", kling.getAccessKey());
      assertEquals("sk", kling.getSecretKey());
      assertEquals("token", kling.getWebhookSecret());
      assertEquals(3, kling.getMaxConcurrent());
      assertEquals(0.5, kling.getMaxPerSecond());
      assertEquals(Duration.ofSeconds(15), kling.getPollInterval());
      assertEquals(new BigDecimal("0.126"), kling.getUnitPriceUsd());
      assertEquals(new BigDecimal("0.0035"), kling.getImageUnitPriceUsd());
      assertEquals(URI.create("https://api-singapore.klingai.com"), kling.getBaseUrl());

      ProviderSettings fal = registry.get("fal");
      assertEquals("http://127.0.0.1:9/fal", fal.baseUrlText());
      assertEquals("fal-key", fal.getApiKey());
      assertEquals(URI.create("http://127.0.0.1:9/jwks"), fal.getJwksUrl());
      assertEquals("fal-ai/sync-lipsync/v2", fal.getLipSyncModel());
      assertEquals("lipsync-2-pro", fal.getSyncModel());
      assertEquals(Duration.ofSeconds(5), fal.getRequestTimeout());
      assertNull(fal.getMaxConcurrent());
      assertNull(fal.getPollInterval());

      ProviderSettings replicate = registry.get("replicate");
      assertEquals(Duration.ofSeconds(10), replicate.getPreferWait());
      assertEquals(Duration.ofHours(2), replicate.getCancelAfter());
      assertEquals("owner/model", replicate.getKeyframeModel());
      assertEquals("lipsync-2-pro", registry.get("sync").getModel());

      ProviderSettings local = registry.get("local");
      assertEquals(Duration.ofSeconds(2), local.getLatency());
      assertEquals(0.25, local.getFailureRate());
      assertEquals("/tmp/jobs", local.getJobsDir());
      assertEquals(1, local.getRenderThreads());
      assertNull(local.getBaseUrl());

      assertEquals(Set.of("kling", "fal", "replicate", "sync", "local"),
          registry.configured().stream().map(ProviderSettings::getName).collect(Collectors.toSet()));
    }
  }

  @Test
  void aProviderNobodyConfiguredHasEveryDefault() {
    try (ApplicationContext context = ApplicationContext.run(Map.of())) {
      ProviderSettingsRegistry registry = context.getBean(ProviderSettingsRegistry.class);
      assertTrue(registry.configured().isEmpty());

      ProviderSettings wavespeed = registry.get("wavespeed");
      assertEquals("wavespeed", wavespeed.getName());
      assertEquals("https://api.wavespeed.ai", wavespeed.baseUrlText());
      assertEquals(Duration.ofSeconds(30), wavespeed.getRequestTimeout());
      assertNull(wavespeed.getApiKey());
      assertNull(wavespeed.getWebhookSecret());
      assertEquals(URI.create("https://queue.fal.run"), registry.get("fal").getBaseUrl());
      assertEquals(URI.create("https://rest.alpha.fal.ai/.well-known/jwks.json"), registry.get("fal").getJwksUrl());
      assertEquals("fal-ai/kling-video/lipsync/audio-to-video", registry.get("fal").getLipSyncModel());
      assertEquals("lipsync-2", registry.get("fal").getSyncModel());
      assertEquals(URI.create("https://api.replicate.com"), registry.get("replicate").getBaseUrl());
      assertEquals(Duration.ZERO, registry.get("replicate").getPreferWait());
      assertEquals(Duration.ofMinutes(30), registry.get("replicate").getCancelAfter());
      assertEquals("black-forest-labs/flux-dev", registry.get("replicate").getKeyframeModel());
      assertEquals(URI.create("https://api.sync.so"), registry.get("sync").getBaseUrl());
      assertEquals("lipsync-2", registry.get("sync").getModel());
      assertEquals(new BigDecimal("0.14"), registry.get("kling").getUnitPriceUsd());
      ProviderSettings local = registry.get("local");
      assertEquals(Duration.ZERO, local.getLatency());
      assertEquals(0, local.getFailureRate());
      assertEquals("data/local-jobs", local.getJobsDir());
      assertEquals(Runtime.getRuntime().availableProcessors(), local.getRenderThreads());
      assertSame(local, registry.get("local"), "the same defaults every time");
    }
  }

  @Test
  void anInvalidValueStopsTheStartNamingItsKey() {
    RuntimeException interval = assertThrows(RuntimeException.class, () -> {
      try (ApplicationContext context = ApplicationContext.run(Map.of("shotflow.providers.kling.poll-interval", "0s"))) {
        context.getBean(ProviderSettingsRegistry.class);
      }
    });
    assertTrue(messages(interval).contains("shotflow.providers.kling.poll-interval must be positive"),
        messages(interval));

    RuntimeException rate = assertThrows(RuntimeException.class, () -> {
      try (ApplicationContext context = ApplicationContext.run(Map.of("shotflow.providers.local.failure-rate", "2"))) {
        context.getBean(ProviderSettingsRegistry.class);
      }
    });
    assertTrue(messages(rate).contains("shotflow.providers.local.failure-rate must be within 0..1"), messages(rate));
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }
}
