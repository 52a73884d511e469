package io.shotflow.platform.provider;

import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every provider's {@link ProviderSettings} by name: the configured ones as bound, and for a provider nobody configured
 * (the {@code local} provider usually, or a webhook route of an unused provider) settings with every default.
 */
@Singleton
public class ProviderSettingsRegistry {

  private final Map<String, ProviderSettings> configured;
  private final Map<String, ProviderSettings> defaults = new ConcurrentHashMap<>();

  public ProviderSettingsRegistry(List<ProviderSettings> configured) {
    this.configured = configured.stream()
        .collect(Collectors.toUnmodifiableMap(ProviderSettings::getName, Function.identity()));
  }

  /** The settings of {@code provider}: as configured, with defaults for every key not set. */
  public ProviderSettings get(String provider) {
    ProviderSettings settings = configured.get(provider);
    return settings != null ? settings : defaults.computeIfAbsent(provider, ProviderSettings::new);
  }

  /** The providers with at least one key under {@code shotflow.providers.<name>}. */
  public Collection<ProviderSettings> configured() {
    return configured.values();
  }
}
