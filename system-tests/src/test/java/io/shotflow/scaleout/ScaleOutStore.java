package io.shotflow.scaleout;

import java.nio.file.Path;
import java.util.Map;

/**
 * The asset store every process of the scale-out test shares, chosen by {@code -Dshotflow.scaleout.store} (default
 * {@code folder}): {@code folder} is the topology's one folder under its work directory, which serves processes on one
 * machine only.
 */
final class ScaleOutStore implements AutoCloseable {

  private final String name;
  private final Map<String, String> properties;

  private ScaleOutStore(String name, Map<String, String> properties) {
    this.name = name;
    this.properties = properties;
  }

  static ScaleOutStore configured(Path work) {
    String name = System.getProperty("shotflow.scaleout.store", "folder");
    if (name.equals("folder")) {
      // ProductionTopology points shotflow.assets.root of every process at work/assets
      return new ScaleOutStore("folder", Map.of());
    }
    throw new IllegalArgumentException("shotflow.scaleout.store: unknown store '" + name + "' (known: folder)");
  }

  String name() {
    return name;
  }

  /** Properties for every Shotflow process. */
  Map<String, String> properties() {
    return properties;
  }

  @Override
  public void close() {}
}
