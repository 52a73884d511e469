package io.shotflow.asset;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import org.slf4j.LoggerFactory;

/**
 * The one place configuration chooses where assets live, {@code shotflow.assets.store}: {@code folder} (the default,
 * {@link FileAssetStore} under {@code shotflow.assets.root} with {@link ApiAssetLinks}) or {@code s3}
 * ({@link S3AssetStore} with {@link S3AssetLinks}, settings {@code shotflow.assets.s3.*}). Everything else asks for an
 * {@link AssetStore} and {@link AssetLinks} and never which kind it got.
 */
@Factory
public class AssetStorage {

  private static final Logger LOG = LoggerFactory.getLogger(AssetStorage.class);
  public static final String STORE_KEY = "shotflow.assets.store";

  /** The chosen store and its links, with what must be closed at shutdown. */
  public record Backend(AssetStore store, AssetLinks links, @Nullable AutoCloseable resources) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      if (resources != null) {
        resources.close();
      }
    }
  }

  /** Built when the application context starts, so a bad setting stops the start rather than the first upload. */
  @Context
  @Bean(preDestroy = "close")
  Backend backend(
      @Value("${" + STORE_KEY + ":folder}") String kind,
      @Value("${shotflow.assets.root:data/assets}") String root,
      @Nullable @Value("${shotflow.public-url}") String publicUrl,
      BeanProvider<AssetUrlSigner> signer,
      @Nullable @Value("${shotflow.assets.s3.bucket}") String bucket,
      @Nullable @Value("${shotflow.assets.s3.endpoint}") String endpoint,
      @Nullable @Value("${shotflow.assets.s3.region}") String region,
      @Nullable @Value("${shotflow.assets.s3.path-style}") Boolean pathStyle,
      @Nullable @Value("${shotflow.assets.s3.access-key}") String accessKey,
      @Nullable @Value("${shotflow.assets.s3.secret-key}") String secretKey,
      @Nullable @Value("${shotflow.assets.s3.prefix}") String prefix,
      @Value("${shotflow.assets.s3.presign-ttl:PT24H}") Duration presignTtl,
      @Value("${shotflow.assets.s3.cache-dir:data/asset-cache}") String cacheDir) {
    switch (kind.strip().toLowerCase(Locale.ROOT)) {
      case "folder":
        return new Backend(new FileAssetStore(Path.of(root)), new ApiAssetLinks(publicUrl, signer::get), null);
      case "s3":
        S3Settings settings = new S3Settings(bucket, endpoint(endpoint), region, pathStyle, accessKey, secretKey,
            prefix, presignTtl, Path.of(cacheDir));
        S3Connection connection = new S3Connection(settings);
        LOG.info("Assets in S3: {}", settings);
        reachable(connection);
        return new Backend(new S3AssetStore(connection), new S3AssetLinks(connection, Clock.systemUTC()), connection);
      default:
        throw new ConfigurationException(STORE_KEY + " must be folder or s3, not '" + kind + "'");
    }
  }

  @Singleton
  AssetStore store(Backend backend) {
    return backend.store();
  }

  @Singleton
  AssetLinks links(Backend backend) {
    return backend.links();
  }

  /** Says at start when the bucket cannot be reached, without stopping: the object store may come up later. */
  private static void reachable(S3Connection connection) {
    String bucket = connection.settings().bucket();
    try {
      connection.client().headBucket(b -> b.bucket(bucket));
    } catch (SdkException e) {
      LOG.warn("Bucket {} cannot be reached now ({}); assets cannot be stored or read until it can", bucket,
          e.getMessage());
    }
  }

  @Nullable
  private static URI endpoint(@Nullable String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      return null;
    }
    try {
      return URI.create(endpoint.strip());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(S3Settings.KEYS + "endpoint is not a URL: " + endpoint);
    }
  }
}
