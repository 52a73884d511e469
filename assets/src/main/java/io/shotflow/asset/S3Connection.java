package io.shotflow.asset;

import io.micronaut.context.exceptions.ConfigurationException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3 client for the store and its links, built from {@link S3Settings}: the JDK's HttpURLConnection as transport,
 * the endpoint override and path style for S3-compatible servers, static keys or the SDK's default chain.
 *
 * <p>Checksums are sent and checked only where S3 requires them: since SDK 2.30 the default adds CRC trailers to every
 * upload (aws-chunked encoding), which S3-compatible servers do not all accept. [I] AWS SDK for Java 2.30.0 release
 * notes, "default integrity protections"; the SHA-256 in every asset id is the end-to-end check instead.
 */
public final class S3Connection implements AutoCloseable {

  private final S3Settings settings;
  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final S3Client client;

  public S3Connection(S3Settings settings) {
    this.settings = settings;
    this.region = region(settings);
    this.credentials = settings.staticKeys()
        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
        : DefaultCredentialsProvider.builder().build();
    var builder = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .region(region)
        .credentialsProvider(credentials)
        .forcePathStyle(settings.usePathStyle())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    this.client = builder.build();
  }

  public S3Settings settings() {
    return settings;
  }

  public S3Client client() {
    return client;
  }

  public Region region() {
    return region;
  }

  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  @Override
  public void close() {
    client.close();
    if (credentials instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // nothing is left to release
      }
    }
  }

  private static Region region(S3Settings settings) {
    if (settings.region() != null && !settings.region().isBlank()) {
      return Region.of(settings.region().strip());
    }
    if (settings.endpoint() != null) {
      return Region.US_EAST_1;
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException none) {
      throw new ConfigurationException(S3Settings.KEYS + "region must be set (or " + SdkSystemSetting.AWS_REGION
          + " in the environment) when no " + S3Settings.KEYS + "endpoint is given");
    }
  }
}
