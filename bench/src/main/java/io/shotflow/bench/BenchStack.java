package io.shotflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.shotflow.api.security.ApiTokens;
import io.shotflow.asset.AssetStore;
import io.shotflow.storyboard.StoryboardResult;
import io.shotflow.storyboard.StoryboardState;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A running embedded stack as the benchmark sees it: its HTTP API with the generated tokens, and its beans. */
public final class BenchStack implements AutoCloseable {

  /** Starts an embedded stack with these properties on top of the defaults. */
  @FunctionalInterface
  public interface Starter {
    BenchStack start(Map<String, Object> properties);
  }

  static final ObjectMapper JSON = new ObjectMapper();

  private final ApplicationContext context;
  private final String baseUrl;
  private final String producer;
  private final String reviewer;
  private final Runnable stop;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public BenchStack(ApplicationContext context, String baseUrl, Runnable stop) {
    this.context = context;
    this.baseUrl = baseUrl;
    this.stop = stop;
    ApiTokens tokens = context.getBean(ApiTokens.class);
    this.producer = tokens.tokenFor("producer");
    this.reviewer = tokens.tokenFor("reviewer");
  }

  /** A storyboard accepted by {@code POST /api/storyboards}. */
  record Submitted(String id, String workflowId) {}

  Submitted submit(ObjectNode spec) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(submitRequest(spec), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IOException("POST /api/storyboards answered " + response.statusCode() + ": " + response.body());
    }
    JsonNode body = JSON.readTree(response.body());
    return new Submitted(body.path("id").asText(), body.path("workflow_id").asText());
  }

  HttpRequest submitRequest(ObjectNode spec) throws IOException {
    return request("/api/storyboards", producer)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(spec)))
        .build();
  }

  HttpRequest reviewRequest(String storyboardId, String subject, String take) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("subject", subject).put("take", take).put("verdict", "approve");
    return request("/api/storyboards/" + storyboardId + "/reviews", reviewer)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
  }

  JsonNode status(String storyboardId) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request("/api/storyboards/" + storyboardId, reviewer).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET /api/storyboards/" + storyboardId + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  /**
   * Blocks until the storyboard ends, which must be completed; anything else (failed, cancelled, still running after
   * {@code timeout}, for instance waiting on a decision) is an {@link IllegalStateException} with its status.
   */
  StoryboardResult completed(Submitted storyboard, Duration timeout) throws Exception {
    StoryboardResult result;
    try {
      result = client().newUntypedWorkflowStub(storyboard.workflowId())
          .getResult(timeout.toMillis(), TimeUnit.MILLISECONDS, StoryboardResult.class);
    } catch (TimeoutException e) {
      throw new IllegalStateException("storyboard " + storyboard.id() + " did not end within " + timeout + ": "
          + status(storyboard.id()).path("detail").asText());
    }
    if (result.state() != StoryboardState.COMPLETED) {
      throw new IllegalStateException("storyboard " + storyboard.id() + " ended " + result.state() + ": "
          + result.detail());
    }
    return result;
  }

  List<HistoryEvent> history(String workflowId) {
    return client().fetchHistory(workflowId).getEvents();
  }

  String baseUrl() {
    return baseUrl;
  }

  AssetStore assets() {
    return context.getBean(AssetStore.class);
  }

  HttpClient http() {
    return http;
  }

  WorkflowClient client() {
    return context.getBean(WorkflowClient.class);
  }

  BenchProvider provider() {
    return context.getBean(BenchProvider.class);
  }

  BenchOutputs outputs() {
    return context.getBean(BenchOutputs.class);
  }

  @Override
  public void close() {
    stop.run();
  }

  private HttpRequest.Builder request(String path, String token) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(60))
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + token);
  }
}
