package io.shotflow.asset;

import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;

/**
 * An S3 server in this JVM for tests: s3proxy over its in-memory blob store, on 127.0.0.1 at a free port, checking
 * SigV4 signatures (headers and presigned query strings) with a fixed key pair.
 */
public final class InProcessS3 implements AutoCloseable {

  public static final String ACCESS_KEY = "shotflow-test";
  public static final String SECRET_KEY = "shotflow-test-secret";

  private final S3ProxyJunitCore server;

  private InProcessS3(S3ProxyJunitCore server) {
    this.server = server;
  }

  public static InProcessS3 start() throws Exception {
    S3ProxyJunitCore server = new S3ProxyJunitCore.Builder()
        .withCredentials(ACCESS_KEY, SECRET_KEY)
        .withBlobStoreProvider("transient")
        .build();
    server.beforeEach();
    return new InProcessS3(server);
  }

  public URI endpoint() {
    return server.getUri();
  }

  /** Settings for {@code bucket} on this server, path style, with the test keys. */
  public S3Settings settings(String bucket, String prefix, Path cacheDir) {
    return new S3Settings(bucket, endpoint(), "us-east-1", true, ACCESS_KEY, SECRET_KEY, prefix, Duration.ofHours(1),
        cacheDir);
  }

  /** The same settings as configuration properties, as an operator would set them. */
  public java.util.Map<String, Object> properties(String bucket, Path cacheDir) {
    return java.util.Map.of(
        "shotflow.assets.store", "s3",
        "shotflow.assets.s3.bucket", bucket,
        "shotflow.assets.s3.endpoint", endpoint().toString(),
        "shotflow.assets.s3.path-style", "true",
        "shotflow.assets.s3.access-key", ACCESS_KEY,
        "shotflow.assets.s3.secret-key", SECRET_KEY,
        "shotflow.assets.s3.cache-dir", cacheDir.toString());
  }

  /** Creates {@code bucket} through the store's own client setup. */
  public void createBucket(String bucket) {
    try (S3Connection connection = new S3Connection(settings(bucket, "", Path.of("unused")))) {
      connection.client().createBucket(b -> b.bucket(bucket));
    }
  }

  @Override
  public void close() {
    server.afterEach();
  }
}
