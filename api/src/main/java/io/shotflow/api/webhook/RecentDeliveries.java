package io.shotflow.api.webhook;

import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent verified deliveries, per provider and delivery key: a provider's redelivery of a webhook it already
 * delivered is answered but not acted on twice. Bounded (least recently seen first out), in memory: after a restart a
 * redelivery only costs one extra confirming poll.
 */
@Singleton
public class RecentDeliveries {

  static final int CAPACITY = 10_000;

  private final Map<String, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > CAPACITY;
    }
  };

  /** True the first time this delivery is seen. */
  public synchronized boolean firstTime(String provider, String deliveryKey) {
    return seen.put(provider + "\n" + deliveryKey, Boolean.TRUE) == null;
  }
}
