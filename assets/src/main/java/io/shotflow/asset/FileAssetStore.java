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
import java.util.regex.Pattern;

/**
 * The asset store on a local folder: {@code root/<first two hex digits>/<sha256>.<ext>}. Content is written to a
 * temporary file under the root (same file system) and renamed into place atomically, so a reader never sees a
 * partial asset and concurrent writers of the same content end with one identical file. Chosen by
 * {@link AssetStorage} when {@code shotflow.assets.store} is {@code folder} (the default).
 */
public class FileAssetStore implements AssetStore {

  private static final Pattern ID = Pattern.compile("^[0-9a-f]{64}\\.[a-z0-9]{1,8}$");

  private final Path root;

  public FileAssetStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  @Override
  public AssetRef put(InputStream content, String contentType) throws IOException {
    String ext = MediaTypes.extensionFor(contentType);
    Files.createDirectories(root);
    Path temp = Files.createTempFile(root, ".incoming-", ".tmp");
    try {
      MessageDigest sha256 = sha256();
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha256)) {
        content.transferTo(out);
      }
      String id = HexFormat.of().formatHex(sha256.digest()) + "." + ext;
      Path target = locate(id);
      if (!Files.exists(target)) {
        Files.createDirectories(target.getParent());
        moveAtomically(temp, target);
      }
      return new AssetRef(id, MediaTypes.forFileName(id));
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public Path path(String id) {
    if (!isValidId(id)) {
      throw new NoSuchElementException("malformed asset id: " + id);
    }
    Path file = locate(id);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchElementException("unknown asset: " + id);
    }
    return file;
  }

  @Override
  public boolean exists(String id) {
    return isValidId(id) && Files.isRegularFile(locate(id));
  }

  public static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  private Path locate(String id) {
    return root.resolve(id.substring(0, 2)).resolve(id);
  }

  /** A rename on the store's own file system; replacing an existing target is harmless: same hash, same bytes. */
  private static void moveAtomically(Path temp, Path target) throws IOException {
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException("SHA-256 unavailable", e));
    }
  }
}
