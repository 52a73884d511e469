package io.shotflow.platform.temporal.codec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys for workflow payloads: the current one encrypts, every one (the current and older ones kept after a
 * rotation) decrypts what it encrypted. {@code source} says where they came from, for messages.
 */
public final class PayloadKeys {

  private final PayloadKey current;
  private final Map<String, PayloadKey> byId;
  private final String source;

  public PayloadKeys(PayloadKey current, List<PayloadKey> older, String source) {
    this.current = current;
    Map<String, PayloadKey> keys = new LinkedHashMap<>();
    keys.put(current.id(), current);
    older.forEach(k -> keys.putIfAbsent(k.id(), k));
    this.byId = Collections.unmodifiableMap(keys);
    this.source = source;
  }

  public PayloadKey current() {
    return current;
  }

  public Optional<PayloadKey> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The ids of every key, the current one first. */
  public List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  /** Where the keys came from: a configuration key or a file. */
  public String source() {
    return source;
  }
}
