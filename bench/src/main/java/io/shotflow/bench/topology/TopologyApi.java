package io.shotflow.bench.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The topology's API as a producer and a reviewer use it, over HTTP with the tokens the topology configured. */
public final class TopologyApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final String producer;
  private final String reviewer;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  TopologyApi(String baseUrl, String producer, String reviewer) {
    this.baseUrl = baseUrl;
    this.producer = producer;
    this.reviewer = reviewer;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** {@code POST /api/storyboards}; the storyboard's id. */
  public String submit(String specJson) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request("/api/storyboards", producer)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(specJson)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IOException("POST /api/storyboards answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body()).path("id").asText();
  }

  /** {@code GET /api/storyboards/{id}}. */
  public JsonNode status(String id) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request("/api/storyboards/" + id, reviewer).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET /api/storyboards/" + id + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** Approves {@code subject} (its newest take when {@code take} is null); the HTTP status of the answer. */
  public int approve(String id, String subject, String take) throws IOException, InterruptedException {
    Map<String, String> body = take == null ? Map.of("subject", subject, "verdict", "approve", "note", "harness")
        : Map.of("subject", subject, "take", take, "verdict", "approve", "note", "harness");
    HttpResponse<String> response = http.send(request("/api/storyboards/" + id + "/reviews", reviewer)
        .timeout(Duration.ofMinutes(2))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.statusCode();
  }

  /** True when {@code GET /health} answers 200. */
  public boolean healthy() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
          .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private HttpRequest.Builder request(String path, String token) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + token);
  }
}
