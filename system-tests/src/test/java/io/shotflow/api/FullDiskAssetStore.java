package io.shotflow.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.shotflow.asset.AssetStore;
import io.shotflow.asset.FileAssetStore;
import io.shotflow.media.AssetRef;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The asset store of a worker whose disk fills up on demand: once {@link #fillUp armed}, the next files of a media
 * kind are refused with the JDK's ENOSPC message, as a full disk refuses them. Only in test classes that set
 * {@code shotflow.test.full-disk}.
 */
@Singleton
@Replaces(AssetStore.class)
@Requires(property = "shotflow.test.full-disk", value = "true")
public class FullDiskAssetStore extends FileAssetStore {

  private final AtomicInteger refusals = new AtomicInteger();
  private volatile String kind = "";

  public FullDiskAssetStore(@Value("${shotflow.assets.root:data/assets}") String root) {
    super(Path.of(root));
  }

  /** Refuses the next {@code times} files whose content type starts with {@code kind} ("image/", "video/"). */
  public void fillUp(String kind, int times) {
    this.kind = kind;
    refusals.set(times);
  }

  @Override
  public AssetRef put(Path file, String contentType) throws IOException {
    if (contentType != null && contentType.startsWith(kind) && refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IOException(file + ": No space left on device");
    }
    return super.put(file, contentType);
  }
}
