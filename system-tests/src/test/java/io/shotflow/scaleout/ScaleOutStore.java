package io.shotflow.scaleout;

import io.shotflow.asset.InProcessS3;
import io.shotflow.asset.S3Connection;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The asset store every process of the scale-out test shares, chosen by {@code -Dshotflow.scaleout.store} (default
 * {@code s3}, as a deployment across machines would use): {@code folder} is the topology's one folder under its work
 * directory, which serves processes on one machine only; {@code s3} is a bucket on an S3 server in the test's JVM ({@link InProcessS3}), each process with its
 * own local cache (the topology sets {@code shotflow.assets.s3.cache-dir} per process), so the processes share assets
 * through the bucket alone, as on separate machines.
 */
final class ScaleOutStore implements AutoCloseable {

  private static final String BUCKET = "shotflow-scale-out";

  private final String name;
  private final Map<String, String> properties;
  private final InProcessS3 s3;

  private ScaleOutStore(String name, Map<String, String> properties, InProcessS3 s3) {
    this.name = name;
    this.properties = properties;
    this.s3 = s3;
  }

  static ScaleOutStore configured(Path work) throws Exception {
    String name = System.getProperty("shotflow.scaleout.store", "s3");
    if (name.equals("folder")) {
      // ProductionTopology points shotflow.assets.root of every process at work/assets
      return new ScaleOutStore("folder", Map.of(), null);
    }
    if (name.equals("s3")) {
      InProcessS3 s3 = InProcessS3.start();
      s3.createBucket(BUCKET);
      Map<String, String> properties = new HashMap<>();
      s3.properties(BUCKET, work.resolve("asset-cache")).forEach((k, v) -> properties.put(k, v.toString()));
      // the topology gives each process its own cache folder
      properties.remove("shotflow.assets.s3.cache-dir");
      return new ScaleOutStore("s3", Map.copyOf(properties), s3);
    }
    throw new IllegalArgumentException("shotflow.scaleout.store: unknown store '" + name + "' (known: folder, s3)");
  }

  String name() {
    return name;
  }

  /** Properties for every Shotflow process. */
  Map<String, String> properties() {
    return properties;
  }

  /** Objects in the bucket (null for the folder store). */
  Integer objects() {
    if (s3 == null) {
      return null;
    }
    try (S3Connection connection = new S3Connection(s3.settings(BUCKET, "", Path.of("unused")))) {
      return connection.client().listObjectsV2(list -> list.bucket(BUCKET)).keyCount();
    }
  }

  @Override
  public void close() {
    if (s3 != null) {
      s3.close();
    }
  }
}
