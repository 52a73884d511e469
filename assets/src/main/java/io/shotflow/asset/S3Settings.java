package io.shotflow.asset;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code shotflow.assets.s3.*} settings, checked when the store starts: a missing bucket, half a key pair or a
 * presign lifetime SigV4 cannot sign each stop the start with a message naming the key.
 *
 * @param endpoint   an S3-compatible server (MinIO, Ceph, R2, s3proxy...); null for AWS itself
 * @param region     null: {@code us-east-1} with an endpoint, else the SDK's region chain (AWS_REGION, profile...)
 * @param pathStyle  {@code <endpoint>/<bucket>/<key>} rather than {@code <bucket>.<endpoint>/<key>}; null: path style
 *                   exactly when an endpoint is set
 * @param accessKey  with {@code secretKey}, static credentials; both null: the SDK's default credentials chain
 * @param prefix     put before every object key ("" or ending in '/')
 * @param presignTtl how long a presigned link stays valid
 * @param cacheDir   the local read-through cache of objects handed out as files
 */
public record S3Settings(String bucket, @Nullable URI endpoint, @Nullable String region, @Nullable Boolean pathStyle,
    @Nullable String accessKey, @Nullable String secretKey, String prefix, Duration presignTtl, Path cacheDir) {

  public static final String KEYS = "shotflow.assets.s3.";
  /** The longest a SigV4 presigned URL may live. [I] AWS S3 docs, "Sharing objects with presigned URLs". */
  public static final Duration MAX_PRESIGN_TTL = Duration.ofDays(7);

  public S3Settings {
    if (bucket == null || bucket.isBlank()) {
      throw new ConfigurationException(KEYS + "bucket must be set when shotflow.assets.store is s3 "
          + "(env SHOTFLOW_ASSETS_S3_BUCKET)");
    }
    bucket = bucket.strip();
    if (blank(accessKey) != blank(secretKey)) {
      throw new ConfigurationException(KEYS + (blank(accessKey) ? "access-key" : "secret-key")
          + " must be set together with " + KEYS + (blank(accessKey) ? "secret-key" : "access-key")
          + " (or neither, for the default credentials chain)");
    }
    if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
      throw new ConfigurationException(KEYS + "endpoint must be an absolute http(s) URL, not " + endpoint);
    }
    if (presignTtl == null || presignTtl.isNegative() || presignTtl.isZero()
        || presignTtl.compareTo(MAX_PRESIGN_TTL) > 0) {
      throw new ConfigurationException(KEYS + "presign-ttl must be a positive duration of at most "
          + MAX_PRESIGN_TTL + ", not " + presignTtl);
    }
    prefix = prefix == null ? "" : prefix.strip().replaceAll("^/+", "");
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    cacheDir = cacheDir.toAbsolutePath().normalize();
  }

  public boolean staticKeys() {
    return !blank(accessKey);
  }

  public boolean usePathStyle() {
    return pathStyle != null ? pathStyle : endpoint != null;
  }

  /** The object key of an asset id. */
  public String key(String assetId) {
    return prefix + assetId;
  }

  @Override
  public String toString() { // never the secret key
    return "S3Settings[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", pathStyle="
        + usePathStyle() + ", staticKeys=" + staticKeys() + ", prefix=" + prefix + ", presignTtl=" + presignTtl
        + ", cacheDir=" + cacheDir + "]";
  }

  private static boolean blank(@Nullable String s) {
    return s == null || s.isBlank();
  }
}
