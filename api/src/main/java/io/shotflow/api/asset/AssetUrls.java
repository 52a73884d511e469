package io.shotflow.api.asset;

import io.shotflow.media.AssetRef;

/** Where the API serves an asset. */
public final class AssetUrls {

  public static final String PREFIX = "/api/assets/";

  private AssetUrls() {}

  public static String of(String assetId) {
    return assetId == null ? null : PREFIX + assetId;
  }

  public static String of(AssetRef ref) {
    return ref == null ? null : of(ref.id());
  }
}
