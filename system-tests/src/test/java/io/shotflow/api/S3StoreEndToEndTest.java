package io.shotflow.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.security.ApiTokens;
import io.shotflow.asset.AssetStore;
import io.shotflow.asset.InProcessS3;
import io.shotflow.asset.S3AssetStore;
import io.shotflow.asset.S3Connection;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The stack with {@code shotflow.assets.store=s3} against an S3 server in this JVM: an upload, a two-shot storyboard on
 * the local provider, and its outputs, all land in the bucket; the status hands out presigned links that fetch the
 * files from the bucket without a token, and {@code GET /api/assets/{id}} still serves them to a token.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3StoreEndToEndTest extends ApiTestSupport {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final String BUCKET = "shotflow-e2e";

  private InProcessS3 s3;
  private Path work;

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  ApiTokens tokens;

  @Inject
  ObjectMapper json;

  @Inject
  AssetStore store;

  @Override
  protected Map<String, String> extraProperties() {
    try {
      s3 = InProcessS3.start();
      s3.createBucket(BUCKET);
      work = Files.createTempDirectory("shotflow-s3-e2e");
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the in-process S3 server", e);
    }
    Map<String, String> props = new HashMap<>();
    s3.properties(BUCKET, work.resolve("asset-cache")).forEach((k, v) -> props.put(k, v.toString()));
    props.put("shotflow.assets.s3.prefix", "e2e/");
    return props;
  }

  @AfterAll
  void stopServer() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void aStoryboardsAssetsLiveInTheBucket() throws Exception {
    assertInstanceOf(S3AssetStore.class, store);
    var client = http.toBlocking();
    byte[] wav = Files.readAllBytes(Path.of("..", "examples", "voice", "line1.wav"));
    HttpResponse<String> uploaded = client.exchange(HttpRequest.POST("/api/assets", wav).contentType("audio/wav")
        .bearerAuth(tokens.tokenFor("producer")), String.class);
    assertEquals(HttpStatus.CREATED, uploaded.getStatus());
    String voice = json.readTree(uploaded.body()).path("id").asText();

    HttpResponse<String> created = client.exchange(HttpRequest.POST("/api/storyboards", """
        {"title": "Bucketed", "provider": "local", "fps": 24, "resolution": "720p",
         "review": {"keyframes": "auto", "clips": "auto", "lip_sync": "auto"},
         "shots": [
           {"id": "open", "prompt": "The lid lifts", "duration": 5,
            "start_frame": {"prompt": "A closed box"},
            "dialogue": {"audio": "asset:%s", "lip_sync": {"provider": "local"}}},
           {"id": "close", "prompt": "Push in", "duration": 5, "start_frame": {"from": "open"}}]}
        """.formatted(voice)).contentType(MediaType.APPLICATION_JSON).bearerAuth(tokens.tokenFor("producer")),
        String.class);
    assertEquals(HttpStatus.CREATED, created.getStatus());
    String id = json.readTree(created.body()).path("id").asText();

    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonNode status = status(id);
    while (!Set.of("completed", "failed", "cancelled").contains(status.path("state").asText())) {
      assertTrue(System.nanoTime() < deadline, "did not finish in " + TIMEOUT + ": " + status);
      Thread.sleep(300);
      status = status(id);
    }
    assertEquals("completed", status.path("state").asText(), status.toString());

    List<String> links = new ArrayList<>();
    for (JsonNode shot : status.path("shots")) {
      shot.path("takes").forEach(take -> links.add(take.path("asset_url").asText()));
    }
    JsonNode outputs = status.path("outputs");
    links.add(outputs.path("final_cut").asText());
    outputs.path("files").forEach(file -> links.add(file.asText()));
    assertTrue(links.size() > 6, links.toString());

    try (S3Connection bucket = new S3Connection(s3.settings(BUCKET, "e2e/", work.resolve("unused")))) {
      assertTrue(exists(bucket, voice), "the upload is in the bucket");
      for (String link : links) {
        assertTrue(link.startsWith(s3.endpoint() + "/" + BUCKET + "/e2e/"), "a presigned link: " + link);
        assertTrue(link.contains("X-Amz-Signature="), link);
        String asset = URI.create(link).getPath().substring(("/" + BUCKET + "/e2e/").length());
        HeadObjectResponse head = bucket.client().headObject(b -> b.bucket(BUCKET).key("e2e/" + asset));
        assertTrue(head.contentLength() > 0, asset);
      }
    }

    String finalCut = outputs.path("final_cut").asText();
    byte[] fromBucket = HttpClient.create(new URI(s3.endpoint().toString()).toURL()).toBlocking()
        .retrieve(HttpRequest.GET(finalCut.substring(s3.endpoint().toString().length())), byte[].class);
    String cutId = URI.create(finalCut).getPath().substring(("/" + BUCKET + "/e2e/").length());
    byte[] fromApi = client.retrieve(HttpRequest.GET("/api/assets/" + cutId).bearerAuth(tokens.tokenFor("reviewer")),
        byte[].class);
    assertTrue(fromBucket.length > 1000, "an MP4 of " + fromBucket.length + " bytes");
    assertArrayEquals(fromBucket, fromApi, "the API streams the same object from its cache");
    HttpResponse<byte[]> range = client.exchange(HttpRequest.GET("/api/assets/" + cutId).header("Range", "bytes=0-99")
        .bearerAuth(tokens.tokenFor("reviewer")), byte[].class);
    assertEquals(HttpStatus.PARTIAL_CONTENT, range.getStatus());
    assertEquals(100, range.body().length);
    assertFalse(Files.exists(assetsRoot.resolve(cutId.substring(0, 2)).resolve(cutId)), "nothing in the folder store");
  }

  private JsonNode status(String id) throws Exception {
    return json.readTree(http.toBlocking().retrieve(HttpRequest.GET("/api/storyboards/" + id)
        .bearerAuth(tokens.tokenFor("reviewer")), String.class));
  }

  private static boolean exists(S3Connection bucket, String asset) {
    return bucket.client().headObject(b -> b.bucket(BUCKET).key("e2e/" + asset)).contentLength() > 0;
  }
}
