package io.shotflow.asset;

import io.shotflow.media.AssetRef;
import io.shotflow.media.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.NoSuchElementException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The asset store on an S3-compatible bucket: object {@code <prefix><sha256>.<ext>}, the same ids as
 * {@link FileAssetStore}, with the asset's media type as the object's {@code Content-Type}.
 *
 * <p>{@link #put} hashes the content into a temporary file of the local cache, then uploads it only when no object
 * has that key yet (a HEAD first: same key, same bytes, so an existing object is never sent again). Two writers of the
 * same new content may both upload; they write identical bytes, so either wins.
 *
 * <p>{@link #path} hands media code a local file from a read-through cache ({@code shotflow.assets.s3.cache-dir},
 * laid out like the folder store): a missing file is downloaded once, its hash checked against the id, and renamed into
 * place atomically. Content-addressed objects never change, so a cached file is always valid; the cache is not bounded
 * by Shotflow and any of its files may be deleted at any time (they are fetched again when needed).
 */
public final class S3AssetStore implements AssetStore {

  private final S3Client s3;
  private final S3Settings settings;
  private final Path cache;

  public S3AssetStore(S3Connection connection) {
    this.s3 = connection.client();
    this.settings = connection.settings();
    this.cache = settings.cacheDir();
  }

  public String bucket() {
    return settings.bucket();
  }

  public String key(String id) {
    return settings.key(id);
  }

  @Override
  public AssetRef put(InputStream content, String contentType) throws IOException {
    String ext = MediaTypes.extensionFor(contentType);
    Files.createDirectories(cache);
    Path temp = Files.createTempFile(cache, ".incoming-", ".tmp");
    try {
      MessageDigest sha256 = sha256();
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha256)) {
        content.transferTo(out);
      }
      String id = HexFormat.of().formatHex(sha256.digest()) + "." + ext;
      String type = MediaTypes.forFileName(id);
      try {
        if (!objectExists(id)) {
          s3.putObject(b -> b.bucket(settings.bucket()).key(key(id)).contentType(type), RequestBody.fromFile(temp));
        }
      } catch (SdkException e) {
        throw new IOException("cannot store asset " + id + " in bucket " + settings.bucket() + ": " + e.getMessage(), e);
      }
      Path cached = cached(id);
      if (!Files.exists(cached)) {
        Files.createDirectories(cached.getParent());
        Files.move(temp, cached, StandardCopyOption.ATOMIC_MOVE);
      }
      return new AssetRef(id, type);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The cached file, downloading it first when absent; {@link NoSuchElementException} for a malformed id or one the
   * bucket does not hold, {@link UncheckedIOException} when the bucket cannot be read (worth retrying).
   */
  @Override
  public Path path(String id) {
    if (!FileAssetStore.isValidId(id)) {
      throw new NoSuchElementException("malformed asset id: " + id);
    }
    Path cached = cached(id);
    if (Files.isRegularFile(cached)) {
      return cached;
    }
    try {
      download(id, cached);
      return cached;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean exists(String id) {
    if (!FileAssetStore.isValidId(id)) {
      return false;
    }
    if (Files.isRegularFile(cached(id))) {
      return true;
    }
    try {
      return objectExists(id);
    } catch (SdkException e) {
      throw new UncheckedIOException(new IOException("cannot reach bucket " + settings.bucket(), e));
    }
  }

  private void download(String id, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(cache, ".fetching-", ".tmp");
    try {
      MessageDigest sha256 = sha256();
      try (InputStream in = s3.getObject(b -> b.bucket(settings.bucket()).key(key(id)));
          OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha256)) {
        in.transferTo(out);
      } catch (NoSuchKeyException e) {
        throw new NoSuchElementException("unknown asset: " + id);
      } catch (SdkException e) {
        throw new IOException("cannot fetch asset " + id + " from bucket " + settings.bucket() + ": "
            + e.getMessage(), e);
      }
      String hash = HexFormat.of().formatHex(sha256.digest());
      if (!id.startsWith(hash + ".")) {
        throw new IOException("object " + key(id) + " in bucket " + settings.bucket() + " does not hash to its id");
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private boolean objectExists(String id) {
    try {
      s3.headObject(b -> b.bucket(settings.bucket()).key(key(id)));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private Path cached(String id) {
    return cache.resolve(id.substring(0, 2)).resolve(id);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException("SHA-256 unavailable", e));
    }
  }
}
