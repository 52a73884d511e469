package io.shotflow.asset;

import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Links of the folder store: {@code <shotflow.public-url>/api/assets/<id>?expires=<unix>&sig=<hex>}, served and
 * verified by the API (see {@link AssetUrlSigner}); none without a public URL.
 */
public final class ApiAssetLinks implements AssetLinks {

  private final String publicUrl;
  private final Supplier<AssetUrlSigner> signer;

  public ApiAssetLinks(@Nullable String publicUrl, AssetUrlSigner signer) {
    this(publicUrl, () -> signer);
  }

  /** With the signer made on first use: its key may live in a file of the assets folder. */
  public ApiAssetLinks(@Nullable String publicUrl, Supplier<AssetUrlSigner> signer) {
    this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.replaceAll("/+$", "");
    this.signer = signer;
  }

  @Override
  public boolean available() {
    return publicUrl != null;
  }

  @Override
  public Optional<String> link(String assetId) {
    return base(assetId).map(url -> url + signer.get().query(assetId));
  }

  @Override
  public Optional<String> stableLink(String assetId, Duration step) {
    return base(assetId).map(url -> url + signer.get().stableQuery(assetId, step));
  }

  @Override
  public String view(String assetId) {
    return "/api/assets/" + assetId;
  }

  @Override
  public String unsigned(String url) {
    return publicUrl != null ? AssetLinks.withoutQuery(url, publicUrl + "/api/assets/") : url;
  }

  private Optional<String> base(String assetId) {
    return Optional.ofNullable(publicUrl).map(url -> url + "/api/assets/" + assetId + "?");
  }
}
