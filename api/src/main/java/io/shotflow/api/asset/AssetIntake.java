package io.shotflow.api.asset;

import io.shotflow.asset.AssetStore;
import io.shotflow.catalog.AssetRow;
import io.shotflow.catalog.StoryboardCatalog;
import io.shotflow.media.AssetRef;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/** Files arriving from outside (uploads, URLs in a spec) go into the asset store and get a catalog row. */
@Singleton
public class AssetIntake {

  /** What {@code POST /api/assets} accepts: keyframe images, dialogue audio, and video. */
  public static final Set<String> ACCEPTED_TYPES = Set.of("image/png", "image/jpeg", "audio/wav", "audio/x-wav",
      "audio/wave", "audio/mpeg", "audio/mp4", "audio/aac", "video/mp4");

  private final AssetStore store;
  private final StoryboardCatalog catalog;

  public AssetIntake(AssetStore store, StoryboardCatalog catalog) {
    this.store = store;
    this.catalog = catalog;
  }

  public static String baseType(String contentType) {
    return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
  }

  public static boolean accepted(String contentType) {
    return ACCEPTED_TYPES.contains(baseType(contentType));
  }

  public AssetRow store(InputStream content, String contentType, String originalName) throws IOException {
    AssetRef ref = store.put(content, baseType(contentType));
    return record(ref, originalName);
  }

  public AssetRow store(Path file, String contentType, String originalName) throws IOException {
    AssetRef ref = store.put(file, baseType(contentType));
    return record(ref, originalName);
  }

  public boolean exists(String assetId) {
    return store.exists(assetId);
  }

  /** The local file of an existing asset. */
  public Path path(String assetId) {
    return store.path(assetId);
  }

  private AssetRow record(AssetRef ref, String originalName) throws IOException {
    long size = Files.size(store.path(ref.id()));
    return catalog.recordAsset(new AssetRow(ref.id(), ref.contentType(), size, originalName, Instant.now()));
  }
}
