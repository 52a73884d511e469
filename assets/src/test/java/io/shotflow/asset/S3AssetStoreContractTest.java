package io.shotflow.asset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySource;
import io.shotflow.media.AssetRef;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The contract on the S3 store against s3proxy in this JVM, then what only a bucket has. */
class S3AssetStoreContractTest extends AssetStoreContract {

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static InProcessS3 s3;

  private String bucket;
  private S3Connection connection;
  private S3AssetStore store;
  private S3AssetLinks links;

  @BeforeAll
  static void startServer() throws Exception {
    s3 = InProcessS3.start();
  }

  @AfterAll
  static void stopServer() {
    s3.close();
  }

  @BeforeEach
  void connect() {
    bucket = "contract-" + BUCKETS.incrementAndGet();
    s3.createBucket(bucket);
    connection = new S3Connection(s3.settings(bucket, "assets/", dir.resolve("cache")));
    store = new S3AssetStore(connection);
    links = new S3AssetLinks(connection, java.time.Clock.systemUTC());
  }

  @AfterEach
  void disconnect() {
    connection.close();
  }

  @Override
  protected AssetStore store() {
    return store;
  }

  @Override
  protected AssetLinks links() {
    return links;
  }

  @Override
  protected Path localFiles() {
    return dir.resolve("cache");
  }

  @Test
  void objectsCarryTheirTypeUnderThePrefix() throws Exception {
    AssetRef ref = store.put(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), "audio/wav");
    HeadObjectResponse head = connection.client().headObject(b -> b.bucket(bucket).key("assets/" + ref.id()));
    assertEquals("audio/wav", head.contentType());
    assertEquals(5L, head.contentLength());
  }

  /**
   * A stable link is the same all through its step and still valid at the step's end; a fresh link from a clock past
   * its lifetime is refused by the server.
   */
  @Test
  void stableLinksHoldForTheirStepAndOldLinksExpire() throws Exception {
    byte[] content = "stable".getBytes(StandardCharsets.UTF_8);
    AssetRef ref = store.put(new ByteArrayInputStream(content), "image/png");
    Duration step = Duration.ofHours(6);
    Instant now = Instant.now();
    Instant stepStart = Instant.ofEpochSecond(now.getEpochSecond() / step.toSeconds() * step.toSeconds());
    String early = new S3AssetLinks(connection, Clock.fixed(stepStart.plusSeconds(5), ZoneOffset.UTC))
        .stableLink(ref.id(), step).orElseThrow();
    String late = new S3AssetLinks(connection, Clock.fixed(stepStart.plus(step).minusSeconds(5), ZoneOffset.UTC))
        .stableLink(ref.id(), step).orElseThrow();
    assertEquals(early, late);
    assertArrayEquals(content, get(early).body());

    String old = new S3AssetLinks(connection, Clock.fixed(now.minus(Duration.ofHours(2)), ZoneOffset.UTC))
        .link(ref.id()).orElseThrow();
    assertEquals(403, get(old).statusCode(), "signed two hours ago for one hour: " + old);
  }

  /** The status view's links (the review page's) are presigned too, and the same for a whole step. */
  @Test
  void viewLinksArePresignedAndStable() throws Exception {
    byte[] content = "viewed".getBytes(StandardCharsets.UTF_8);
    AssetRef ref = store.put(new ByteArrayInputStream(content), "video/mp4");
    String view = links.view(ref.id());
    assertTrue(view.startsWith(s3.endpoint() + "/" + bucket + "/assets/" + ref.id() + "?"), view);
    assertTrue(view.contains("X-Amz-Signature="), view);
    assertEquals(view, links.view(ref.id()));
    assertArrayEquals(content, get(view).body());
  }

  /** An object already in the bucket is not sent again: a marker on it survives a second put of the same bytes. */
  @Test
  void anExistingObjectIsNotUploadedAgain() throws Exception {
    byte[] content = "stored once".getBytes(StandardCharsets.UTF_8);
    AssetRef ref = store.put(new ByteArrayInputStream(content), "video/mp4");
    S3Client client = connection.client();
    client.putObject(b -> b.bucket(bucket).key(store.key(ref.id())).contentType("video/mp4")
        .metadata(Map.of("marker", "first")), RequestBody.fromBytes(content));

    deleteCache();
    assertEquals(ref, store.put(new ByteArrayInputStream(content), "video/mp4"));

    assertEquals("first", client.headObject(b -> b.bucket(bucket).key(store.key(ref.id()))).metadata().get("marker"));
  }

  /** Another machine (its own, empty cache) reads what this one stored, and the cache fills on first use. */
  @Test
  void anotherProcessReadsThroughItsOwnCache() throws Exception {
    byte[] content = "shared".getBytes(StandardCharsets.UTF_8);
    AssetRef ref = store.put(new ByteArrayInputStream(content), "image/png");
    Path otherCache = dir.resolve("other-cache");
    try (S3Connection other = new S3Connection(s3.settings(bucket, "assets/", otherCache))) {
      S3AssetStore elsewhere = new S3AssetStore(other);
      assertTrue(elsewhere.exists(ref.id()));
      Path file = elsewhere.path(ref.id());
      assertTrue(file.startsWith(otherCache), file.toString());
      assertArrayEquals(content, Files.readAllBytes(file));
      assertEquals(file, elsewhere.path(ref.id()));
    }
  }

  /** A corrupted object is refused rather than handed to media code. */
  @Test
  void anObjectThatDoesNotHashToItsIdIsRefused() throws Exception {
    AssetRef ref = store.put(new ByteArrayInputStream("genuine".getBytes(StandardCharsets.UTF_8)), "image/png");
    connection.client().putObject(b -> b.bucket(bucket).key(store.key(ref.id())),
        RequestBody.fromString("tampered"));
    deleteCache();
    assertThrows(java.io.UncheckedIOException.class, () -> store.path(ref.id()));
    assertFalse(Files.exists(dir.resolve("cache").resolve(ref.id().substring(0, 2)).resolve(ref.id())));
  }

  @Test
  void configurationChoosesTheBucket() throws Exception {
    Map<String, Object> props = new HashMap<>(s3.properties(bucket, dir.resolve("configured-cache")));
    props.put("shotflow.assets.s3.prefix", "/assets");
    try (ApplicationContext context = ApplicationContext.run(props)) {
      AssetStore configured = assertInstanceOf(S3AssetStore.class, context.getBean(AssetStore.class));
      assertInstanceOf(S3AssetLinks.class, context.getBean(AssetLinks.class));
      AssetRef ref = configured.put(new ByteArrayInputStream("configured".getBytes()), "image/png");
      assertTrue(store.exists(ref.id()), "the same bucket as the test's own client");
    }
  }

  /** Every key as the environment variable a compose file or an image sets. */
  @Test
  void environmentVariablesReachEveryKey() throws Exception {
    Path cache = dir.resolve("env-cache");
    Map<String, Object> env = new HashMap<>();
    env.put("SHOTFLOW_ASSETS_STORE", "s3");
    env.put("SHOTFLOW_ASSETS_S3_BUCKET", bucket);
    env.put("SHOTFLOW_ASSETS_S3_ENDPOINT", s3.endpoint().toString());
    env.put("SHOTFLOW_ASSETS_S3_REGION", "eu-west-3");
    env.put("SHOTFLOW_ASSETS_S3_PATH_STYLE", "true");
    env.put("SHOTFLOW_ASSETS_S3_ACCESS_KEY", InProcessS3.ACCESS_KEY);
    env.put("SHOTFLOW_ASSETS_S3_SECRET_KEY", InProcessS3.SECRET_KEY);
    env.put("SHOTFLOW_ASSETS_S3_PREFIX", "from-env/");
    env.put("SHOTFLOW_ASSETS_S3_PRESIGN_TTL", "PT10M");
    env.put("SHOTFLOW_ASSETS_S3_CACHE_DIR", cache.toString());
    PropertySource variables = new MapPropertySource("test-environment", env) {
      @Override
      public PropertyConvention getConvention() {
        return PropertyConvention.ENVIRONMENT_VARIABLE;
      }
    };
    try (ApplicationContext context = ApplicationContext.builder().propertySources(variables).start()) {
      AssetStore configured = context.getBean(AssetStore.class);
      AssetRef ref = configured.put(new ByteArrayInputStream("env".getBytes()), "image/png");
      assertTrue(Files.isRegularFile(cache.resolve(ref.id().substring(0, 2)).resolve(ref.id())));
      connection.client().headObject(b -> b.bucket(bucket).key("from-env/" + ref.id()));
      String link = context.getBean(AssetLinks.class).link(ref.id()).orElseThrow();
      assertTrue(link.startsWith(s3.endpoint() + "/" + bucket + "/from-env/"), link);
      assertTrue(link.contains("X-Amz-Expires=600"), link);
      assertTrue(link.contains("%2Feu-west-3%2Fs3%2Faws4_request"), link);
      assertArrayEquals("env".getBytes(), get(link).body());
    }
  }

  @Test
  void startFailsNamingTheMissingKey() {
    Exception e = assertThrows(Exception.class, () -> ApplicationContext.run(Map.of("shotflow.assets.store", "s3",
        "shotflow.assets.s3.cache-dir", dir.resolve("never").toString())).close());
    assertTrue(messages(e).contains("shotflow.assets.s3.bucket"), messages(e));

    e = assertThrows(Exception.class, () -> ApplicationContext.run(Map.of("shotflow.assets.store", "s3",
        "shotflow.assets.s3.bucket", "b", "shotflow.assets.s3.endpoint", "http://127.0.0.1:9",
        "shotflow.assets.s3.access-key", "only-half")).close());
    assertTrue(messages(e).contains("shotflow.assets.s3.secret-key"), messages(e));

    e = assertThrows(Exception.class, () -> ApplicationContext.run(Map.of("shotflow.assets.store", "bucket")).close());
    assertTrue(messages(e).contains("shotflow.assets.store must be folder or s3"), messages(e));
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  private void deleteCache() throws Exception {
    try (var files = Files.walk(dir.resolve("cache"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
