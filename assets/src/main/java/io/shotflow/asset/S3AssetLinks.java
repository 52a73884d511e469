package io.shotflow.asset;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Links of the S3 store: presigned GETs of the asset's object (SigV4 in the query string), valid for
 * {@code shotflow.assets.s3.presign-ttl}, fetched by providers straight from the bucket.
 *
 * <p>The object's URL comes from the SDK ({@code S3Utilities.getUrl}: endpoint override, path or virtual-host style) and
 * is signed with the SDK's {@link AwsV4HttpSigner} as S3's presigner signs (service {@code s3}, unsigned payload, no
 * double encoding or path normalisation [I] AWS SDK for Java 2.x {@code DefaultS3Presigner} and the S3 SigV4 query
 * authentication docs). The signer is used directly because it takes a signing clock, which a stable link needs and the
 * presigner does not offer.
 */
public final class S3AssetLinks implements AssetLinks {

  private final S3Client s3;
  private final S3Connection connection;
  private final Duration ttl;
  private final Clock clock;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  /** The URL of every asset object up to its id: the endpoint, the bucket by the client's style, and the prefix. */
  private final String objectBase;

  public S3AssetLinks(S3Connection connection, Clock clock) {
    this.s3 = connection.client();
    this.connection = connection;
    this.ttl = connection.settings().presignTtl();
    this.clock = clock;
    String probe = "0".repeat(64) + ".bin";
    String probeUrl = objectUrl(probe).toString();
    this.objectBase = probeUrl.substring(0, probeUrl.length() - probe.length());
  }

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public Optional<String> link(String assetId) {
    return Optional.of(presign(assetId, clock.instant(), ttl));
  }

  /**
   * Signed at the start of the current {@code step} (so identical within it) and valid for the lifetime plus a step,
   * capped at SigV4's seven days: at least the configured lifetime from now, unless that cap cuts it.
   */
  @Override
  public Optional<String> stableLink(String assetId, Duration step) {
    long seconds = Math.max(1, step.toSeconds());
    long now = clock.instant().getEpochSecond();
    Instant start = Instant.ofEpochSecond(Math.floorDiv(now, seconds) * seconds);
    Duration lifetime = ttl.plusSeconds(seconds);
    if (lifetime.compareTo(S3Settings.MAX_PRESIGN_TTL) > 0) {
      lifetime = S3Settings.MAX_PRESIGN_TTL;
    }
    return Optional.of(presign(assetId, start, lifetime));
  }

  @Override
  public String view(String assetId) {
    return stableLink(assetId, VIEW_STEP).orElseThrow();
  }

  @Override
  public String unsigned(String url) {
    return AssetLinks.withoutQuery(url, objectBase);
  }

  private URI objectUrl(String assetId) {
    S3Settings settings = connection.settings();
    try {
      return s3.utilities().getUrl(b -> b.bucket(settings.bucket()).key(settings.key(assetId))).toURI();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("no URL for asset " + assetId, e);
    }
  }

  private String presign(String assetId, Instant signedAt, Duration lifetime) {
    SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(objectUrl(assetId)).build();
    AwsCredentialsIdentity identity = connection.credentials().resolveIdentity().join();
    SdkHttpRequest signed = signer.sign(r -> r
        .request(request)
        .identity(identity)
        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, connection.region().id())
        .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, lifetime)
        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
        .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC))).request();
    return signed.getUri().toString();
  }
}
