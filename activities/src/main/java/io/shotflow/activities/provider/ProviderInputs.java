package io.shotflow.activities.provider;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
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
 * How a provider gets an input asset (keyframe, clip, dialogue): a signed, expiring URL under {@code shotflow.public-url}
 * when one is configured (the provider fetches it from the API's asset route without a bearer token, see
 * {@link AssetUrlSigner}), else the bytes inline as base64 or a data URI where the provider accepts that.
 */
@Singleton
public class ProviderInputs {

  /** How long a {@link #stableUrl} keeps its signature. */
  public static final Duration STABLE_STEP = Duration.ofHours(6);

  private final String publicUrl;
  private final AssetStore store;
  private final AssetUrlSigner signer;

  @Inject
  public ProviderInputs(@Nullable @Value("${shotflow.public-url}") String publicUrl, AssetStore store,
      AssetUrlSigner signer) {
    this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.replaceAll("/+$", "");
    this.store = store;
    this.signer = signer;
  }

  /** Inputs signed with a key of their own: for adapters exercised without the API that would verify them. */
  public ProviderInputs(@Nullable String publicUrl, AssetStore store) {
    this(publicUrl, store, AssetUrlSigner.withRandomKey());
  }

  /** The configured public base URL without a trailing slash. */
  public Optional<String> publicUrl() {
    return Optional.ofNullable(publicUrl);
  }

  /** {@code <public-url>/api/assets/<id>?expires=<unix>&sig=<hex>}, when a public URL is configured. */
  public Optional<String> url(AssetRef asset) {
    return publicUrl().map(base -> base + "/api/assets/" + asset.id() + "?" + signer.query(asset.id()));
  }

  /**
   * {@link #url} whose signature stays the same for {@link #STABLE_STEP} (its expiry rounded up to a whole step): for a
   * body sent again under an idempotency key, which the provider compares with the first.
   */
  public Optional<String> stableUrl(AssetRef asset) {
    return publicUrl().map(base -> base + "/api/assets/" + asset.id() + "?" + signer.stableQuery(asset.id(), STABLE_STEP));
  }

  /** The public URL when there is one, else raw base64 of the bytes (Kling's form: no {@code data:} prefix). */
  public String urlOrBase64(AssetRef asset) {
    return url(asset).orElseGet(() -> Base64.getEncoder().encodeToString(bytes(asset)));
  }

  /** The public URL when there is one, else a {@code data:} URI with the asset's media type. */
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
