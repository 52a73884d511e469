package io.shotflow.asset;

import io.shotflow.media.AssetRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Content-addressed storage of every file Shotflow makes or receives; ids are {@code <sha256>.<ext>}. */
public interface AssetStore {

  /** Stores the content (deduplicated by hash) and returns its reference. */
  AssetRef put(InputStream content, String contentType) throws IOException;

  /** Stores a file's content; the file itself is left in place. */
  default AssetRef put(Path file, String contentType) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return put(in, contentType);
    }
  }

  /** The local file of an asset; throws {@link java.util.NoSuchElementException} for an unknown or malformed id. */
  Path path(String id);

  boolean exists(String id);
}
