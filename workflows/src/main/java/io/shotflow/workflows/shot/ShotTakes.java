package io.shotflow.workflows.shot;

import io.shotflow.shot.Take;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shot's takes by id, in the order they were made; an approval replaces its take in place. */
final class ShotTakes {

  private final Map<String, Take> byId = new LinkedHashMap<>();

  void add(Take take) {
    byId.put(take.id(), take);
  }

  /** Approves take {@code id}; returns the approved take. */
  Take approve(String id) {
    Take approved = byId.get(id).approve();
    byId.put(approved.id(), approved);
    return approved;
  }

  List<Take> all() {
    return List.copyOf(byId.values());
  }

  int count() {
    return byId.size();
  }

  long approvedCount() {
    return byId.values().stream().filter(Take::approved).count();
  }
}
