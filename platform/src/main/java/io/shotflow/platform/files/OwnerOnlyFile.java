package io.shotflow.platform.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file only its owner can read and write (POSIX 600). The text goes to a new file created with those
 * permissions, which then takes the target's name, so the secret is never readable by others, not even for a moment.
 */
public final class OwnerOnlyFile {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFile() {}

  /** Writes {@code text} to {@code file}, replacing what was there. */
  public static void write(Path file, String text) throws IOException {
    Path temp = ownerOnlyTemp(file, text);
    try {
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Writes {@code text} to {@code file} unless the file exists; returns false when it did. Two processes starting at
   * the same moment both call this with their own text: exactly one wins (the name is taken with a hard link, which
   * fails when the name exists), and the other reads the winner's file.
   */
  public static boolean createIfAbsent(Path file, String text) throws IOException {
    if (Files.exists(file)) {
      return false;
    }
    Path temp = ownerOnlyTemp(file, text);
    try {
      Files.createLink(file, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException e) {
      // a file system without hard links: a move that refuses to replace is the next best thing
      try {
        Files.move(temp, file);
        return true;
      } catch (FileAlreadyExistsException taken) {
        return false;
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static Path ownerOnlyTemp(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    Path temp = posix
        ? Files.createTempFile(dir, ".secret-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
        : Files.createTempFile(dir, ".secret-", ".tmp");
    try {
      if (!posix) {
        var f = temp.toFile();
        f.setReadable(false, false);
        f.setWritable(false, false);
        f.setReadable(true, true);
        f.setWritable(true, true);
      }
      Files.writeString(temp, text);
      return temp;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }
}
