package io.shotflow.platform.temporal;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Temporal tags its update requests with {@code update_name}, a key its other requests lack; Prometheus refuses
 * meters of one name with different tag keys, so the update metrics would be dropped. The operation tag still
 * tells updates apart.
 */
@Singleton
public class TemporalMeterFilter implements MeterFilter {

  static final String UPDATE_NAME = "update_name";

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().startsWith("temporal") || id.getTag(UPDATE_NAME) == null) {
      return id;
    }
    List<Tag> kept = id.getTags().stream().filter(t -> !t.getKey().equals(UPDATE_NAME)).toList();
    return id.replaceTags(kept);
  }
}
