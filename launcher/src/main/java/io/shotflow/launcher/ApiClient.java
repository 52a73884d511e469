package io.shotflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotflow.media.MediaTypes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

  JsonNode status(String storyboardId) throws IOException, InterruptedException {
    return expect(send(request("/api/storyboards/" + storyboardId, reviewerToken).GET().build()), 200);
  }

  /** Sends a review; returns the HTTP status (409 when the subject is no longer pending). */
  /** A decision on {@code subject}; {@code policy} names the rule that made it (null: a person did). */
  int review(String storyboardId, String subject, String take, String verdict, String note, String policy)
      throws IOException, InterruptedException {
    ObjectNode body = json.createObjectNode().put("subject", subject).put("verdict", verdict).put("note", note);
    if (policy != null) {
      body.put("policy", policy);
    }
    if (take != null) {
      body.put("take", take);
    }
    HttpRequest request = request("/api/storyboards/" + storyboardId + "/reviews", reviewerToken)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
        .build();
    return send(request).statusCode();
  }

  void cancel(String storyboardId) throws IOException, InterruptedException {
    send(request("/api/storyboards/" + storyboardId + "/cancel", producerToken)
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** Downloads a URL of the API (absolute or relative to the base URL) into {@code target}. */
  void download(String url, Path target) throws IOException, InterruptedException {
    URI uri = url.startsWith("http") ? URI.create(url) : URI.create(baseUrl + url);
    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + reviewerToken).GET().build();
    Path partial = target.resolveSibling(target.getFileName() + ".part");
    HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(partial));
    if (response.statusCode() != 200) {
      Files.deleteIfExists(partial);
      throw new ApiException(response.statusCode(), null, "GET " + uri + " answered " + response.statusCode());
    }
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
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
    JsonNode body = response.body() == null || response.body().isBlank()
        ? json.createObjectNode()
        : json.readTree(response.body());
    if (response.statusCode() != status) {
      throw new ApiException(response.statusCode(), body,
          response.request().method() + " " + response.request().uri().getPath() + " answered " + response.statusCode());
    }
    return body;
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
