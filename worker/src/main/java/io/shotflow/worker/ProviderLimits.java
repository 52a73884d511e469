package io.shotflow.worker;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * A provider's limits from {@code shotflow.providers.<name>.max-concurrent} / {@code .max-per-second}, enforced on
 * its own task queue. Unset means the worker defaults (local: unlimited rate).
 */
@EachProperty("shotflow.providers")
public class ProviderLimits {

  private final String name;
  private Integer maxConcurrent;
  private Double maxPerSecond;

  public ProviderLimits(@Parameter String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  @Nullable
  public Integer getMaxConcurrent() {
    return maxConcurrent;
  }

  public void setMaxConcurrent(@Nullable Integer maxConcurrent) {
    this.maxConcurrent = maxConcurrent;
  }

  @Nullable
  public Double getMaxPerSecond() {
    return maxPerSecond;
  }

  public void setMaxPerSecond(@Nullable Double maxPerSecond) {
    this.maxPerSecond = maxPerSecond;
  }
}
