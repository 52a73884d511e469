package io.shotflow.asset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.exceptions.ConfigurationException;
import io.shotflow.asset.AssetUrlSigner.Check;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetUrlSignerTest {

  private static final String ID = "ab".repeat(32) + ".png";

  @TempDir Path dir;

  private static Map<String, String> params(String query) {
    return java.util.Arrays.stream(query.split("&")).map(p -> p.split("=", 2))
        .collect(Collectors.toMap(p -> p[0], p -> p[1]));
  }

  @Test
  void signsIdAndExpiryWithHmacSha256AndChecksBoth() throws Exception {
    byte[] key = "a-configured-signing-key".getBytes(StandardCharsets.UTF_8);
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    Clock clock = Clock.fixed(start, ZoneOffset.UTC);
    AssetUrlSigner signer = new AssetUrlSigner(key, Duration.ofMinutes(10), clock);

    Map<String, String> q = params(signer.query(ID));

    long expires = Instant.parse("2026-01-01T00:10:00Z").getEpochSecond();
    assertEquals(String.valueOf(expires), q.get("expires"));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal((ID + "." + expires).getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, q.get("sig"));

    assertEquals(Check.VALID, signer.check(ID, q.get("expires"), q.get("sig")));
    assertEquals(Check.VALID, signer.check(ID, q.get("expires"), q.get("sig").toUpperCase()));
    assertEquals(Check.INVALID, signer.check("cd".repeat(32) + ".png", q.get("expires"), q.get("sig")));
    assertEquals(Check.INVALID, signer.check(ID, String.valueOf(expires + 3600), q.get("sig")));
    assertEquals(Check.INVALID, signer.check(ID, "soon", q.get("sig")));
    assertEquals(Check.INVALID, signer.check(ID, q.get("expires"), null));
    assertEquals(Check.INVALID, new AssetUrlSigner("another-signing-key!".getBytes(StandardCharsets.UTF_8),
        Duration.ofMinutes(10), clock).check(ID, q.get("expires"), q.get("sig")));

    AssetUrlSigner atExpiry = new AssetUrlSigner(key, Duration.ofMinutes(10),
        Clock.fixed(start.plus(Duration.ofMinutes(10)), ZoneOffset.UTC));
    assertEquals(Check.VALID, atExpiry.check(ID, q.get("expires"), q.get("sig")));
    AssetUrlSigner later = new AssetUrlSigner(key, Duration.ofMinutes(10),
        Clock.fixed(start.plus(Duration.ofSeconds(601)), ZoneOffset.UTC));
    assertEquals(Check.EXPIRED, later.check(ID, q.get("expires"), q.get("sig")));
  }

  @Test
  void withoutAConfiguredKeyProcessesOnOneDataFolderShareAPersistedKey() throws Exception {
    Path root = dir.resolve("assets");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Callable<AssetUrlSigner> start = () -> new AssetUrlSigner(null, root.toString(), Duration.ofHours(1));
      var started = pool.invokeAll(IntStream.range(0, 4).mapToObj(i -> start).toList());
      AssetUrlSigner first = started.get(0).get();
      String query = first.query(ID);
      for (Future<AssetUrlSigner> other : started) {
        Map<String, String> q = params(query);
        assertEquals(Check.VALID, other.get().check(ID, q.get("expires"), q.get("sig")));
      }
    } finally {
      pool.shutdownNow();
    }
    Path keyFile = root.resolve(AssetUrlSigner.KEY_FILE);
    assertEquals(64, Files.readString(keyFile).strip().length());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
    assertFalse(FileAssetStore.isValidId(AssetUrlSigner.KEY_FILE), "the asset route can never serve the key");

    byte[] again = AssetUrlSigner.installationKey(keyFile);
    assertArrayEquals(HexFormat.of().parseHex(Files.readString(keyFile).strip()), again);
    assertNotEquals(HexFormat.of().formatHex(again),
        HexFormat.of().formatHex(AssetUrlSigner.installationKey(dir.resolve("elsewhere").resolve(AssetUrlSigner.KEY_FILE))));

    Map<String, String> q = params(new AssetUrlSigner(null, root.toString(), Duration.ofHours(1)).query(ID));
    AssetUrlSigner configured = new AssetUrlSigner("a-configured-signing-key", root.toString(), Duration.ofHours(1));
    assertEquals(Check.INVALID, configured.check(ID, q.get("expires"), q.get("sig")), "a configured key wins");
  }

  @Test
  void badConfigurationNamesTheSetting() throws Exception {
    ConfigurationException shortKey = assertThrows(ConfigurationException.class,
        () -> new AssetUrlSigner("short", dir.toString(), Duration.ofHours(1)));
    assertTrue(shortKey.getMessage().contains("shotflow.assets.url-signing-key"), shortKey.getMessage());
    ConfigurationException ttl = assertThrows(ConfigurationException.class,
        () -> new AssetUrlSigner("a-configured-signing-key", dir.toString(), Duration.ZERO));
    assertTrue(ttl.getMessage().contains("shotflow.assets.url-ttl"), ttl.getMessage());
    Path garbled = dir.resolve("garbled");
    Files.createDirectories(garbled);
    Files.writeString(garbled.resolve(AssetUrlSigner.KEY_FILE), "z".repeat(64));
    ConfigurationException notHex = assertThrows(ConfigurationException.class,
        () -> new AssetUrlSigner(null, garbled.toString(), Duration.ofHours(1)));
    assertTrue(notHex.getMessage().contains("delete it or set shotflow.assets.url-signing-key"), notHex.getMessage());
  }
}
