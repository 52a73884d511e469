package io.shotflow.activities.provider;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.shotflow.asset.ApiAssetLinks;
import io.shotflow.asset.AssetLinks;
import io.shotflow.asset.AssetStore;
import io.shotflow.asset.AssetUrlSigner;
import io.shotflow.media.AssetRef;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * How a provider gets an input asset (keyframe, clip, dialogue): an expiring link that needs no bearer token when the
 * store hands them out ({@link AssetLinks}: the API's signed route under {@code shotflow.public-url} for the folder
 * store, a presigned GET for the S3 store), else the bytes inline as base64 or a data URI where the provider accepts
 * that. {@link #publicUrl} is this server's own address, for webhooks.
 */
@Singleton
public class ProviderInputs {

  /** How long a {@link #stableUrl} keeps its signature. */
  public static final Duration STABLE_STEP = Duration.ofHours(6);

  private final String publicUrl;
  private final AssetStore store;
  private final AssetLinks links;

  @Inject
  public ProviderInputs(@Nullable @Value("${shotflow.public-url}") String publicUrl, AssetStore store,
      AssetLinks links) {
    this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.replaceAll("/+$", "");
    this.store = store;
    this.links = links;
  }

  /** Inputs signed with a key of their own: for adapters exercised without the API that would verify them. */
  public ProviderInputs(@Nullable String publicUrl, AssetStore store) {
    this(publicUrl, store, new ApiAssetLinks(publicUrl, AssetUrlSigner.withRandomKey()));
  }

  /** The configured public base URL without a trailing slash. */
  public Optional<String> publicUrl() {
    return Optional.ofNullable(publicUrl);
  }

  /** An expiring link to the asset that needs no token, when the store hands them out. */
  public Optional<String> url(AssetRef asset) {
    return links.link(asset.id());
  }

  /**
   * {@link #url} whose signature stays the same for {@link #STABLE_STEP} (its expiry rounded up to a whole step): for a
   * body sent again under an idempotency key, which the provider compares with the first.
   */
  public Optional<String> stableUrl(AssetRef asset) {
    return links.stableLink(asset.id(), STABLE_STEP);
  }

  /** {@code url} without its signature when it is a link to one of our assets (see {@link AssetLinks#unsigned}). */
  public String unsigned(String url) {
    return links.unsigned(url);
  }

  /** The link when there is one, else raw base64 of the bytes (Kling's form: no {@code data:} prefix). */
  public String urlOrBase64(AssetRef asset) {
    return url(asset).orElseGet(() -> Base64.getEncoder().encodeToString(bytes(asset)));
  }

  /** The link when there is one, else a {@code data:} URI with the asset's media type. */
  public String urlOrDataUri(AssetRef asset) {
    return url(asset).orElseGet(() -> "data:" + asset.contentType() + ";base64,"
        + Base64.getEncoder().encodeToString(bytes(asset)));
  }

  public byte[] bytes(AssetRef asset) {
    try {
      return Files.readAllBytes(store.path(asset.id()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read asset " + asset.id(), e);
    }
  }
}
