package io.shotflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotflow.media.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** The CLI talks to Shotflow through its public HTTP API, as any other client would. */
final class ApiClient {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final String baseUrl;
  private final String producerToken;
  private final String reviewerToken;

  ApiClient(String baseUrl, String producerToken, String reviewerToken) {
    this.baseUrl = baseUrl;
    this.producerToken = producerToken;
    this.reviewerToken = reviewerToken;
  }

  /** A client acting with one token, whatever its roles (the producer commands against a running API). */
  ApiClient(String baseUrl, String token) {
    this(baseUrl, token, token);
  }

  String baseUrl() {
    return baseUrl;
  }

  /** A link of the API (asset and review page links are relative) made absolute. */
  String absolute(String url) {
    return url.startsWith("http://") || url.startsWith("https://") ? url : baseUrl + url;
  }

  /** Uploads a local file and returns its asset id. */
  String uploadAsset(Path file) throws IOException, InterruptedException {
    HttpRequest request = request("/api/assets", producerToken)
        .header("Content-Type", MediaTypes.forFileName(file.getFileName().toString()))
        .POST(HttpRequest.BodyPublishers.ofFile(file))
        .build();
    JsonNode body = expect(send(request), 201);
    return body.path("id").asText();
  }

  /** Submits a spec; a 400 comes back as {@link ApiException} carrying the problem document. */
  JsonNode submit(JsonNode spec) throws IOException, InterruptedException {
    HttpRequest request = request("/api/storyboards", producerToken)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(spec)))
        .build();
    return expect(send(request), 201);
  }

  /** Every storyboard the catalog knows, newest first (a JSON array). */
  JsonNode list() throws IOException, InterruptedException {
    return expect(send(request("/api/storyboards", reviewerToken).GET().build()), 200);
  }

  JsonNode status(String storyboardId) throws IOException, InterruptedException {
    return expect(send(request(storyboardPath(storyboardId), reviewerToken).GET().build()), 200);
  }

  /**
   * Sends a review and returns the storyboard's status after it; a refusal (409 when the subject is not awaiting
   * review) comes back as {@link ApiException}. {@code take}, {@code note} and {@code prompt} may be null;
   * {@code policy} names the rule that made the decision (null: a person did).
   */
  JsonNode review(String storyboardId, String subject, String take, String verdict, String note, String prompt,
      String policy) throws IOException, InterruptedException {
    ObjectNode body = json.createObjectNode().put("subject", subject).put("verdict", verdict);
    if (policy != null) {
      body.put("policy", policy);
    }
    if (take != null) {
      body.put("take", take);
    }
    if (note != null) {
      body.put("note", note);
    }
    if (prompt != null) {
      body.put("prompt", prompt);
    }
    HttpRequest request = request(storyboardPath(storyboardId) + "/reviews", reviewerToken)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
        .build();
    return expect(send(request), 200);
  }

  void cancel(String storyboardId) throws IOException, InterruptedException {
    send(request(storyboardPath(storyboardId) + "/cancel", producerToken)
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /**
   * Opens the storyboard's server-sent event stream ({@code GET /api/storyboards/{id}/events}); a refusal (404
   * unknown storyboard) comes back as {@link ApiException}. The caller reads it until it ends and closes it.
   */
  EventStream events(String storyboardId) throws IOException, InterruptedException {
    HttpRequest request = request(storyboardPath(storyboardId) + "/events", reviewerToken)
        .setHeader("Accept", "text/event-stream, application/problem+json")
        .GET()
        .build();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String text;
      try (InputStream body = response.body()) {
        text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      }
      throw refusal(response.statusCode(), text, request);
    }
    return new EventStream(response.body());
  }

  /**
   * Downloads a URL of the status document into {@code target}: relative to the base URL (the API's asset route, sent
   * with the token), or absolute. An absolute URL elsewhere (a presigned link to the S3 store's bucket) carries its own
   * signature and gets no token: it must not leak to another host, and S3 refuses a second authentication.
   */
  void download(String url, Path target) throws IOException, InterruptedException {
    boolean api = !url.startsWith("http") || url.startsWith(baseUrl.replaceAll("/+$", "") + "/");
    URI uri = url.startsWith("http") ? URI.create(url) : URI.create(baseUrl + url);
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET();
    if (api) {
      builder.header("Authorization", "Bearer " + reviewerToken);
    }
    HttpRequest request = builder.build();
    Path partial = target.resolveSibling(target.getFileName() + ".part");
    HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(partial));
    if (response.statusCode() != 200) {
      Files.deleteIfExists(partial);
      throw new ApiException(response.statusCode(), null, "GET " + uri + " answered " + response.statusCode());
    }
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The storyboard's path, its id encoded as one path segment (an id is {@code [a-z0-9-]}; anything else is a 404). */
  private static String storyboardPath(String storyboardId) {
    return "/api/storyboards/" + URLEncoder.encode(storyboardId, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String path, String token) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(60))
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode expect(HttpResponse<String> response, int status) throws IOException {
    if (response.statusCode() != status) {
      throw refusal(response.statusCode(), response.body(), response.request());
    }
    return response.body() == null || response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
  }

  /** A non-success answer; its body, when it is JSON (a problem document), travels with it. */
  private ApiException refusal(int status, String body, HttpRequest request) {
    JsonNode problem = null;
    if (body != null && !body.isBlank()) {
      try {
        problem = json.readTree(body);
      } catch (IOException e) {
        // not JSON (a proxy's error page): the status says what there is to say
      }
    }
    return new ApiException(status, problem, request.method() + " " + request.uri().getRawPath() + " answered " + status);
  }

  /** A non-success answer from the API, with its problem+json body when there is one. */
  static final class ApiException extends IOException {
    final int status;
    final transient JsonNode problem;

    ApiException(int status, JsonNode problem, String message) {
      super(message);
      this.status = status;
      this.problem = problem;
    }
  }
}
