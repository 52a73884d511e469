package io.shotflow.asset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.media.AssetRef;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAssetStoreTest {

  @TempDir Path dir;

  @Test
  void storesByContentHashWithTheTypesExtension() throws Exception {
    FileAssetStore store = new FileAssetStore(dir);
    byte[] content = "hello".getBytes(StandardCharsets.UTF_8);

    AssetRef ref = store.put(new ByteArrayInputStream(content), "image/png");

    // sha256("hello")
    assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824.png", ref.id());
    assertEquals("image/png", ref.contentType());
    assertEquals("asset:" + ref.id(), ref.uri());
    Path file = store.path(ref.id());
    assertEquals(dir.toAbsolutePath().resolve("2c").resolve(ref.id()), file);
    assertArrayEquals(content, Files.readAllBytes(file));
    assertTrue(store.exists(ref.id()));
  }

  @Test
  void deduplicatesAndLeavesNoTemporaryFiles() throws Exception {
    FileAssetStore store = new FileAssetStore(dir);
    Path source = Files.writeString(dir.resolve("source.txt"), "same bytes");
    AssetRef a = store.put(source, "video/mp4");
    AssetRef b = store.put(new ByteArrayInputStream("same bytes".getBytes(StandardCharsets.UTF_8)), "video/mp4");
    AssetRef jpeg = store.put(source, "image/jpeg; charset=binary");

    assertEquals(a, b);
    assertTrue(jpeg.id().endsWith(".jpg"));
    assertTrue(Files.exists(source), "the source file is left in place");
    try (Stream<Path> files = Files.walk(dir)) {
      assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
    }
  }

  @Test
  /** Malformed ids (the last one is well formed but was never stored) name nothing. */
  void rejectsMalformedAndUnknownIds() {
    FileAssetStore store = new FileAssetStore(dir);
    String hash = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    for (String id : new String[] {null, "", "../../etc/passwd", "abc.png", hash,
        hash.toUpperCase() + ".png", hash + ".png/../x", hash + ".PNG", hash + ".png"}) {
      assertThrows(NoSuchElementException.class, () -> store.path(id), String.valueOf(id));
      assertFalse(store.exists(id));
    }
  }
}
