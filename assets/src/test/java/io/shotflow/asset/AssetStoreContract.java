package io.shotflow.asset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.media.AssetRef;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link AssetStore} with its {@link AssetLinks} promises; each implementation runs it with its own
 * {@link #store()}, {@link #links()} and the folder that holds its local files.
 */
public abstract class AssetStoreContract {

  /** sha256("hello") */
  static final String HELLO = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  @TempDir protected Path dir;

  protected abstract AssetStore store();

  protected abstract AssetLinks links();

  /** Where the store keeps local files (the folder itself, or the S3 store's cache). */
  protected abstract Path localFiles();

  @Test
  void idsAreTheContentHashWithTheTypesExtension() throws Exception {
    byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
    assertEquals(new AssetRef(HELLO + ".png", "image/png"), store().put(new ByteArrayInputStream(hello), "image/png"));
    AssetRef jpeg = store().put(new ByteArrayInputStream(hello), "image/jpeg; charset=binary");
    assertEquals(new AssetRef(HELLO + ".jpg", "image/jpeg"), jpeg);
    assertEquals(HELLO + ".mp4", store().put(new ByteArrayInputStream(hello), "video/mp4").id());
    assertEquals(HELLO + ".wav", store().put(new ByteArrayInputStream(hello), "audio/wav").id());
    assertArrayEquals(hello, Files.readAllBytes(store().path(jpeg.id())));
  }

  @Test
  void putDeduplicatesAndLeavesTheSourceFile() throws Exception {
    Path source = Files.writeString(dir.resolve("source.bin"), "same bytes");
    AssetRef fromFile = store().put(source, "video/mp4");
    AssetRef fromStream = store().put(new ByteArrayInputStream("same bytes".getBytes(StandardCharsets.UTF_8)),
        "video/mp4");

    assertEquals(fromFile, fromStream);
    assertTrue(Files.exists(source), "the source file is left in place");
    assertEquals("same bytes", Files.readString(source));
    assertTrue(store().exists(fromFile.id()));
    assertEquals("same bytes", Files.readString(store().path(fromFile.id())));
    assertNoTemporaryFiles();
  }

  /** Malformed ids (the last one is well formed but was never stored) name nothing. */
  @Test
  void unknownAndMalformedIdsNameNothing() {
    for (String id : new String[] {null, "", "../../etc/passwd", "abc.png", HELLO, HELLO.toUpperCase() + ".png",
        HELLO + ".png/../x", HELLO + ".PNG", "../" + HELLO + ".png", HELLO + ".png"}) {
      assertThrows(NoSuchElementException.class, () -> store().path(id), String.valueOf(id));
      assertFalse(store().exists(id), String.valueOf(id));
    }
  }

  @Test
  void concurrentPutsOfTheSameContentEndWithOneAsset() throws Exception {
    byte[] content = "raced".repeat(50_000).getBytes(StandardCharsets.UTF_8);
    int writers = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Callable<AssetRef>> puts = IntStream.range(0, writers).<Callable<AssetRef>>mapToObj(i -> () -> {
        go.await();
        return store().put(new ByteArrayInputStream(content), "video/mp4");
      }).toList();
      List<Future<AssetRef>> results = puts.stream().map(pool::submit).toList();
      go.countDown();
      Set<AssetRef> refs = new HashSet<>();
      for (Future<AssetRef> result : results) {
        refs.add(result.get());
      }
      assertEquals(1, refs.size(), refs.toString());
      assertArrayEquals(content, Files.readAllBytes(store().path(refs.iterator().next().id())));
    } finally {
      pool.shutdownNow();
    }
    assertNoTemporaryFiles();
  }

  @Test
  void linksFetchTheAssetOverHttpWithoutAToken() throws Exception {
    byte[] png = "not really a png".getBytes(StandardCharsets.UTF_8);
    AssetRef ref = store().put(new ByteArrayInputStream(png), "image/png");
    assertTrue(links().available());

    String link = links().link(ref.id()).orElseThrow();
    HttpResponse<byte[]> response = get(link);
    assertEquals(200, response.statusCode(), link);
    assertArrayEquals(png, response.body());
    assertEquals("image/png", response.headers().firstValue("Content-Type").orElse(""));

    Duration step = Duration.ofHours(6);
    String stable = links().stableLink(ref.id(), step).orElseThrow();
    assertEquals(stable, links().stableLink(ref.id(), step).orElseThrow(), "the same link within a step");
    assertArrayEquals(png, get(stable).body());

    String other = links().link(store().put(new ByteArrayInputStream("other".getBytes()), "image/png").id())
        .orElseThrow();
    assertNotEquals(link, other);
  }

  /** Two signings of one asset's link compare equal once unsigned; other URLs are left as they are. */
  @Test
  void unsignedLinksCompareEqual() throws Exception {
    AssetRef ref = store().put(new ByteArrayInputStream("compared".getBytes()), "image/png");
    String fresh = links().link(ref.id()).orElseThrow();
    String stable = links().stableLink(ref.id(), Duration.ofHours(6)).orElseThrow();
    assertNotEquals(fresh, stable);
    String unsigned = links().unsigned(fresh);
    assertEquals(unsigned, links().unsigned(stable));
    assertEquals(fresh.substring(0, fresh.indexOf('?')), unsigned);
    assertTrue(unsigned.endsWith("/" + ref.id()), unsigned);
    for (String other : List.of("https://example.com/a.png?x=1", "data:image/png;base64,AAAA",
        unsigned.replace(ref.id(), "not-an-id") + "?x=1")) {
      assertEquals(other, links().unsigned(other));
    }
  }

  @Test
  void aLinkDoesNotOpenAnotherAsset() throws Exception {
    AssetRef secret = store().put(new ByteArrayInputStream("secret".getBytes()), "image/png");
    AssetRef open = store().put(new ByteArrayInputStream("open".getBytes()), "image/png");
    String link = links().link(open.id()).orElseThrow();
    String forged = link.replace(open.id(), secret.id());
    int status = get(forged).statusCode();
    assertTrue(status == 403 || status == 401, "forged link answered " + status);
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  protected static HttpResponse<byte[]> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private void assertNoTemporaryFiles() throws Exception {
    try (Stream<Path> files = Files.walk(localFiles())) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
    }
  }
}
