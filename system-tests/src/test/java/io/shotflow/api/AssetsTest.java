package io.shotflow.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.security.ApiTokens;
import io.shotflow.asset.AssetUrlSigner;
import io.shotflow.media.AssetRef;
import io.shotflow.activities.provider.ProviderInputs;
import io.shotflow.catalog.StoryboardCatalog;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code POST /api/assets} (raw and multipart) and {@code GET /api/assets/{id}} with ranges, by token or signed URL. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssetsTest extends ApiTestSupport {

  private static final String PUBLIC_URL = "https://shotflow.example.com";

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  ApiTokens tokens;

  @Inject
  io.micronaut.context.ApplicationContext context;

  /** The asset store lives on the media branch; until it is merged these routes cannot work. */
  @org.junit.jupiter.api.BeforeEach
  void needsAnAssetStore() {
    org.junit.jupiter.api.Assumptions.assumeTrue(context.containsBean(io.shotflow.asset.AssetStore.class),
        "no AssetStore implementation on the classpath yet");
  }

  @Inject
  StoryboardCatalog catalog;

  @Inject
  ProviderInputs inputs;

  @Override
  protected Map<String, String> extraProperties() {
    return Map.of("shotflow.public-url", PUBLIC_URL);
  }

  @Inject
  ObjectMapper json;

  private JsonNode upload(byte[] content, String type) throws Exception {
    HttpResponse<String> response = http.toBlocking().exchange(HttpRequest.POST("/api/assets", content)
        .contentType(type).bearerAuth(tokens.tokenFor("producer")), String.class);
    assertEquals(HttpStatus.CREATED, response.getStatus());
    return json.readTree(response.body());
  }

  @Test
  void rawUploadIsStoredByContentAndServedWithRanges() throws Exception {
    byte[] png = TestMedia.png(640, 360);
    JsonNode created = upload(png, "image/png");
    String id = created.path("id").asText();
    assertTrue(id.matches("[0-9a-f]{64}\\.png"), id);
    assertEquals("/api/assets/" + id, created.path("url").asText());
    assertArrayEquals(png, Files.readAllBytes(findUnder(id)));
    assertEquals(png.length, catalog.asset(id).orElseThrow().sizeBytes());
    assertEquals(id, upload(png, "image/png").path("id").asText());

    HttpResponse<byte[]> whole = http.toBlocking().exchange(HttpRequest.GET(created.path("url").asText())
        .bearerAuth(tokens.tokenFor("reviewer")), byte[].class);
    assertEquals(HttpStatus.OK, whole.getStatus());
    assertEquals("image/png", whole.getContentType().orElseThrow().toString());
    assertArrayEquals(png, whole.body());

    HttpResponse<byte[]> part = http.toBlocking().exchange(HttpRequest.GET(created.path("url").asText())
        .header("Range", "bytes=100-199").bearerAuth(tokens.tokenFor("reviewer")), byte[].class);
    assertEquals(HttpStatus.PARTIAL_CONTENT, part.getStatus());
    assertEquals("bytes 100-199/" + png.length, part.header("Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(png, 100, 200), part.body());
  }

  @Test
  void multipartUploadUsesThePartsType() throws Exception {
    byte[] png = TestMedia.png(320, 320);
    MultipartBody body = MultipartBody.builder().addPart("file", "card.png", MediaType.IMAGE_PNG_TYPE, png).build();
    HttpResponse<String> response = http.toBlocking().exchange(HttpRequest.POST("/api/assets", body)
        .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).bearerAuth(tokens.tokenFor("producer")), String.class);
    assertEquals(HttpStatus.CREATED, response.getStatus());
    String id = json.readTree(response.body()).path("id").asText();
    assertEquals("card.png", catalog.asset(id).orElseThrow().originalName());
  }

  @Test
  void unknownAssetsAre404AndUnsupportedTypesAreRefused() {
    HttpClientResponseException missing = assertThrows(HttpClientResponseException.class,
        () -> http.toBlocking().exchange(HttpRequest.GET("/api/assets/" + "0".repeat(64) + ".png")
            .bearerAuth(tokens.tokenFor("reviewer"))));
    assertEquals(HttpStatus.NOT_FOUND, missing.getStatus());
    HttpClientResponseException malformed = assertThrows(HttpClientResponseException.class,
        () -> http.toBlocking().exchange(HttpRequest.GET("/api/assets/..%2F..%2Fetc%2Fpasswd")
            .bearerAuth(tokens.tokenFor("reviewer"))));
    assertEquals(HttpStatus.NOT_FOUND, malformed.getStatus());
    HttpClientResponseException text = assertThrows(HttpClientResponseException.class,
        () -> http.toBlocking().exchange(HttpRequest.POST("/api/assets", "hello")
            .contentType(MediaType.TEXT_PLAIN).bearerAuth(tokens.tokenFor("producer"))));
    assertEquals(HttpStatus.UNSUPPORTED_MEDIA_TYPE, text.getStatus());
  }

  /** What a provider does with an input URL from {@link ProviderInputs}: fetch it without any token. */
  @Test
  void providersFetchSignedUrlsWithoutATokenAndNothingElse() throws Exception {
    byte[] png = TestMedia.png(400, 300);
    String id = upload(png, "image/png").path("id").asText();
    String signed = inputs.url(new AssetRef(id, "image/png")).orElseThrow();
    assertTrue(signed.startsWith(PUBLIC_URL + "/api/assets/" + id + "?expires="), signed);
    String path = signed.substring(PUBLIC_URL.length());

    HttpResponse<byte[]> fetched = http.toBlocking().exchange(HttpRequest.GET(path), byte[].class);
    assertEquals(HttpStatus.OK, fetched.getStatus());
    assertArrayEquals(png, fetched.body());

    String otherId = upload(TestMedia.png(300, 300), "image/png").path("id").asText();
    assertEquals(HttpStatus.FORBIDDEN, refused(path.replace(id, otherId)).getStatus(), "a signature is for one asset");
    String tampered = path.substring(0, path.length() - 1) + (path.endsWith("0") ? "1" : "0");
    HttpClientResponseException forged = refused(tampered);
    assertEquals(HttpStatus.FORBIDDEN, forged.getStatus());
    assertTrue(forged.getResponse().getBody(String.class).orElse("").contains("signature"));

    // a second process on the same data folder (here: a signer from the persisted key) agrees, also on expiry
    byte[] key = HexFormat.of().parseHex(Files.readString(assetsRoot.resolve(".url-signing-key")).strip());
    Instant lastHour = Instant.now().minus(Duration.ofHours(1));
    AssetUrlSigner sameKey = new AssetUrlSigner(key, Duration.ofMinutes(30), Clock.fixed(lastHour, ZoneOffset.UTC));
    HttpClientResponseException expired = refused("/api/assets/" + id + "?" + sameKey.query(id));
    assertEquals(HttpStatus.FORBIDDEN, expired.getStatus());
    assertTrue(expired.getResponse().getBody(String.class).orElse("").contains("expired"));
    AssetUrlSigner current = new AssetUrlSigner(key, Duration.ofMinutes(30), Clock.systemUTC());
    assertEquals(HttpStatus.OK, http.toBlocking().exchange(HttpRequest.GET("/api/assets/" + id + "?"
        + current.query(id)), byte[].class).getStatus());

    assertEquals(HttpStatus.UNAUTHORIZED, refused("/api/assets/" + id).getStatus(), "neither token nor signature");
    assertEquals(HttpStatus.UNAUTHORIZED, assertThrows(HttpClientResponseException.class,
        () -> http.toBlocking().exchange(HttpRequest.GET("/api/assets/" + id).bearerAuth("not-a-token"))).getStatus());
    assertEquals(HttpStatus.OK, http.toBlocking().exchange(HttpRequest.GET(tampered)
        .bearerAuth(tokens.tokenFor("reviewer")), byte[].class).getStatus(), "a valid token is enough");
  }

  private HttpClientResponseException refused(String path) {
    return assertThrows(HttpClientResponseException.class,
        () -> http.toBlocking().exchange(HttpRequest.GET(path), String.class));
  }

  private java.nio.file.Path findUnder(String id) throws Exception {
    try (var files = Files.walk(assetsRoot)) {
      return files.filter(p -> p.getFileName().toString().equals(id)).findFirst().orElseThrow();
    }
  }
}
