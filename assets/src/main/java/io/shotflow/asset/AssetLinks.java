package io.shotflow.asset;

import java.time.Duration;
import java.util.Optional;

/**
 * URLs that fetch an asset without a bearer token and expire: what providers are handed for their inputs. One
 * implementation per store: {@link ApiAssetLinks} (the API's signed {@code /api/assets/<id>} under
 * {@code shotflow.public-url}) and {@link S3AssetLinks} (presigned GETs straight from the bucket).
 */
public interface AssetLinks {

  /** Whether this installation hands out links at all (a public URL is configured, or the store is a bucket). */
  boolean available();

  /** A fresh link to an existing asset; empty when this installation has no address a provider can reach. */
  Optional<String> link(String assetId);

  /**
   * {@link #link} that stays byte-identical for a whole {@code step} (its signing window rounded to the step, so it
   * stays valid at least the configured lifetime): for a request body sent again under an idempotency key, which the
   * provider compares with the first.
   */
  Optional<String> stableLink(String assetId, Duration step);

  /**
   * Where a viewer of a storyboard's status (the review page, an API client) fetches an asset: the API's own
   * {@code /api/assets/<id>}, authorised by the viewer's token, for the folder store; for the S3 store a presigned link
   * that stays the same for {@link #VIEW_STEP}, so a page that polls the status does not reload its videos.
   */
  String view(String assetId);

  /**
   * {@code url} without its signature and expiry when it is one of these links (so two signings of one asset's link
   * compare equal), else {@code url} unchanged: for recognising a request this installation sent before.
   */
  String unsigned(String url);

  /** How long a {@link #view} link stays byte-identical. */
  Duration VIEW_STEP = Duration.ofHours(1);

  /** {@code url} up to its query when it is {@code base} followed by a well-formed asset id, else unchanged. */
  static String withoutQuery(String url, String base) {
    int query = url.indexOf('?');
    if (query < 0 || !url.startsWith(base)) {
      return url;
    }
    String path = url.substring(0, query);
    return FileAssetStore.isValidId(path.substring(base.length())) ? path : url;
  }
}
