package io.shotflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.security.ApiTokens;
import io.shotflow.catalog.StoryboardCatalog;
import io.shotflow.temporal.SearchAttributes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code POST /api/storyboards}: what starts, and what a bad spec does not start. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmissionTest extends ApiTestSupport {

  static final String VALID_JSON = """
      {"title": "Watch reveal", "provider": "local", "budget_usd": 5,
       "review": {"keyframes": "required", "clips": "required"},
       "shots": [
         {"id": "reveal", "prompt": "Camera pushes in as the lid lifts", "duration": 5,
          "start_frame": {"prompt": "A closed matte-black box"}, "end_frame": {"prompt": "The open box"}},
         {"id": "closeup", "prompt": "Push into the dial", "duration": 5, "start_frame": {"from": "reveal"}}]}
      """;

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
  WorkflowClient temporal;

  @Inject
  ObjectMapper json;

  private HttpServer images;

  /** The test's image server is on 127.0.0.1, which spec URLs may reach only with this setting. */
  @Inject
  io.shotflow.catalog.WorkerRoster roster;

  @Override
  protected Map<String, String> extraProperties() {
    // the worker holds Kling credentials, not fal's; Kling's API is a closed local port (nothing is sent anywhere)
    return Map.of("shotflow.inputs.allow-private-networks", "true",
        "shotflow.providers.kling.access-key", "ak",
        "shotflow.providers.kling.secret-key", "sk",
        "shotflow.providers.kling.base-url", "http://127.0.0.1:" + freePort());
  }

  @BeforeAll
  void serveImages() throws Exception {
    images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] big = TestMedia.png(640, 360);
    byte[] small = TestMedia.png(100, 100);
    images.createContext("/big.png", ex -> {
      ex.getResponseHeaders().add("Content-Type", "image/png");
      ex.sendResponseHeaders(200, big.length);
      ex.getResponseBody().write(big);
      ex.close();
    });
    images.createContext("/small.png", ex -> {
      ex.getResponseHeaders().add("Content-Type", "image/png");
      ex.sendResponseHeaders(200, small.length);
      ex.getResponseBody().write(small);
      ex.close();
    });
    images.start();
  }

  @AfterAll
  void stopImages() {
    images.stop(0);
  }

  private String imageUrl(String name) {
    return "http://127.0.0.1:" + images.getAddress().getPort() + "/" + name;
  }

  private HttpResponse<String> post(String body, String contentType) {
    return http.toBlocking().exchange(HttpRequest.POST("/api/storyboards", body).contentType(contentType)
        .bearerAuth(tokens.tokenFor("producer")), String.class);
  }

  private JsonNode refused(String body) throws Exception {
    int storyboardsBefore = catalog.list().size();
    long workflowsBefore = openWorkflows();
    HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
        () -> post(body, MediaType.APPLICATION_JSON));
    assertEquals(HttpStatus.BAD_REQUEST, e.getStatus());
    assertTrue(e.getResponse().getContentType().orElseThrow().toString().contains("problem+json"));
    assertEquals(storyboardsBefore, catalog.list().size(), "a refused spec must not reach the catalog");
    assertEquals(workflowsBefore, openWorkflows(), "a refused spec must not start a workflow");
    return json.readTree(e.getResponse().getBody(String.class).orElseThrow());
  }

  private long openWorkflows() {
    return temporal.getWorkflowServiceStubs().blockingStub().listOpenWorkflowExecutions(
        ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace("default").setMaximumPageSize(1000).build())
        .getExecutionsCount();
  }

  private static List<String> fields(JsonNode problem) {
    return StreamSupport.stream(problem.path("errors").spliterator(), false)
        .map(e -> e.path("field").asText()).toList();
  }

  @Test
  void validJsonStartsTheStoryboardWorkflow() throws Exception {
    HttpResponse<String> response = post(VALID_JSON, MediaType.APPLICATION_JSON);
    assertEquals(HttpStatus.CREATED, response.getStatus());
    JsonNode created = json.readTree(response.body());
    String id = created.path("id").asText();
    assertTrue(id.matches("watch-reveal-[a-z0-9]{6}"), id);
    assertEquals("storyboard-" + id, created.path("workflow_id").asText());
    assertTrue(created.path("estimated_cost_usd").isNumber(), response.body());
    List<String> lines = new java.util.ArrayList<>();
    created.path("estimate").forEach(l -> lines.add(l.path("id").asText() + " " + l.path("model").asText() + " "
        + l.path("seconds").asInt()));
    assertEquals(List.of("reveal kling-v2.1 5", "closeup kling-v2.1 5"), lines, response.body());

    var entry = catalog.entry(id).orElseThrow();
    assertEquals("Watch reveal", entry.storyboard().title());
    assertEquals(List.of("reveal", "closeup"), entry.shots().stream().map(s -> s.shotId()).toList());

    WorkflowExecutionDescription description = temporal.newUntypedWorkflowStub("storyboard-" + id).describe();
    assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING, description.getStatus());
    assertEquals("Watch reveal — 2 shots", description.getStaticSummary());
    assertTrue(description.getStaticDetails().contains("| 2 | closeup | kling-v2.1 | 5 | from reveal |"),
        description.getStaticDetails());
    assertEquals(id, description.getTypedSearchAttributes().get(SearchAttributes.STORYBOARD_ID));
    assertEquals("local", description.getTypedSearchAttributes().get(SearchAttributes.PROVIDER));

    temporal.newUntypedWorkflowStub("storyboard-" + id).terminate("test done");
  }

  /** Past Kling's 10 s of lip-sync video a line of text has no path: it cannot be split at the clip boundaries. */
  @Test
  void aShotNoLipSyncPathTakesWithinItsLimitsIsRefusedBeforeAnythingRuns() throws Exception {
    JsonNode problem = refused("""
        {"title": "Long line", "provider": "kling", "budget_usd": 5,
         "shots": [{"id": "talk", "prompt": "She speaks", "duration": 5,
                    "start_frame": {"prompt": "A woman at a desk"},
                    "extend": [{"prompt": "She leans in"}, {"prompt": "She sits back"}],
                    "dialogue": {"text": "The watch was my grandfather's.", "voice_id": "en_AOT"}}]}
        """);
    assertEquals(List.of("provider"), fields(problem));
    JsonNode error = problem.path("errors").get(0);
    assertEquals("talk", error.path("shot").asText());
    assertTrue(error.path("message").asText().contains("kling takes 2–10 s of video and this shot is 15 s"),
        error.toString());
  }

  @Test
  void aKlingLipSyncKlingMustFetchByUrlIsRefusedWithoutAPublicUrl() throws Exception {
    // this server has no shotflow.public-url; the extend steps make the shot's video a join Kling cannot name by id
    JsonNode problem = refused("""
        {"title": "Talking", "provider": "kling", "budget_usd": 5,
         "shots": [{"id": "talk", "prompt": "She speaks", "duration": 5,
                    "start_frame": {"prompt": "A woman at a desk"}, "extend": [{"prompt": "She leans in"}],
                    "dialogue": {"text": "The watch was my grandfather's.", "voice_id": "en_AOT"}}]}
        """);
    assertEquals(List.of("shots[0].dialogue"), fields(problem));
    assertTrue(problem.toString().contains("shotflow.public-url"), problem.toString());

    // the clip alone is a Kling video as Kling made it: its lip-sync names it by video_id
    HttpResponse<String> accepted = post("""
        {"title": "Talking", "provider": "kling", "budget_usd": 5,
         "shots": [{"id": "talk", "prompt": "She speaks", "duration": 5,
                    "start_frame": {"prompt": "A woman at a desk"},
                    "dialogue": {"text": "The watch was my grandfather's.", "voice_id": "en_AOT"}}]}
        """, MediaType.APPLICATION_JSON);
    assertEquals(HttpStatus.CREATED, accepted.getStatus());
    temporal.newUntypedWorkflowStub("storyboard-" + json.readTree(accepted.body()).path("id").asText())
        .terminate("test done");
  }

  @Test
  void aProviderNoLiveWorkerCanCallIsRefusedNamingItsField() throws Exception {
    awaitWorkerRecorded();
    JsonNode problem = refused("""
        {"title": "Uncallable", "provider": "fal", "budget_usd": 5,
         "shots": [{"id": "a", "prompt": "p", "start_frame": {"prompt": "k"}}]}
        """);
    assertEquals(List.of("provider"), fields(problem));
    assertTrue(problem.toString().contains("no running worker can call fal (workers hold credentials for kling, local)"),
        problem.toString());

    problem = refused("""
        {"title": "Uncallable lip-sync", "provider": "kling", "budget_usd": 5,
         "shots": [{"id": "talk", "prompt": "She speaks", "duration": 5, "start_frame": {"prompt": "A desk"},
                    "dialogue": {"text": "Hello.", "voice_id": "en_AOT", "lip_sync": {"provider": "sync"}}}]}
        """);
    assertEquals(List.of("shots[0].dialogue.lip_sync.provider"), fields(problem));
  }

  /** The embedded worker records itself at start; waits until the catalog has it. */
  private void awaitWorkerRecorded() throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (roster.callableProviders().isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "the worker never recorded its providers");
      Thread.sleep(100);
    }
    assertEquals(java.util.Set.of("kling", "local"), roster.callableProviders().orElseThrow());
  }

  @Test
  void yamlIsAcceptedWithItsContentType() throws Exception {
    String yaml = """
        title: Sunrise
        provider: local
        review: { keyframes: auto, clips: auto }
        shots:
          - id: sunrise
            prompt: "Slow pan across the harbour"
            start_frame: { prompt: "A quiet harbour before dawn" }
        """;
    HttpResponse<String> response = post(yaml, "application/yaml");
    assertEquals(HttpStatus.CREATED, response.getStatus());
    String id = json.readTree(response.body()).path("id").asText();
    assertTrue(id.startsWith("sunrise-"), id);
    temporal.newUntypedWorkflowStub("storyboard-" + id).terminate("test done");
  }

  @Test
  void unknownFieldIsNamed() throws Exception {
    JsonNode problem = refused(VALID_JSON.replace("\"duration\": 5,", "\"colour\": \"red\", \"duration\": 5,"));
    assertEquals(List.of("shots[0].colour"), fields(problem));
    assertEquals("reveal", problem.path("errors").get(0).path("shot").asText());
  }

  @Test
  void everyInvalidFieldIsNamed() throws Exception {
    String spec = """
        {"title": "Bad", "provider": "local",
         "shots": [
           {"id": "first", "prompt": "p", "duration": 7, "start_frame": {"from": "second"}},
           {"id": "second", "prompt": "p", "start_frame": {"image": "file:frames/a.png"}}]}
        """;
    List<String> fields = fields(refused(spec));
    assertTrue(fields.contains("shots[0].duration"), fields.toString());
    assertTrue(fields.contains("shots[0].start_frame.from"), fields.toString());
    assertTrue(fields.contains("shots[1].start_frame.image"), fields.toString());
  }

  @Test
  void aDurationIsCheckedAgainstTheModel() throws Exception {
    String twelve = VALID_JSON.replaceFirst("\"duration\": 5,", "\"duration\": 12,");
    assertTrue(twelve.contains("\"duration\": 12"), twelve);
    JsonNode problem = refused(twelve);
    assertEquals(List.of("shots[0].duration"), fields(problem));
    assertEquals("reveal", problem.path("errors").get(0).path("shot").asText());
    assertTrue(problem.path("errors").get(0).path("message").asText().contains("makes 5 or 10 s clips, not 12 s"),
        problem.toString());

    HttpResponse<String> v3 = post(twelve.replace("\"provider\": \"local\",",
        "\"provider\": \"local\", \"model\": \"kling-v3\","), MediaType.APPLICATION_JSON);
    assertEquals(HttpStatus.CREATED, v3.getStatus(), "Kling 3.0 makes 3-15 s clips");
    temporal.newUntypedWorkflowStub("storyboard-" + json.readTree(v3.body()).path("id").asText()).terminate("test done");
  }

  @Test
  void unknownAssetsAreRefused() throws Exception {
    String spec = VALID_JSON.replace("{\"prompt\": \"The open box\"}",
        "{\"image\": \"asset:" + "a".repeat(64) + ".png\"}");
    JsonNode problem = refused(spec);
    assertEquals(List.of("shots[0].end_frame.image"), fields(problem));
    assertTrue(problem.path("errors").get(0).path("message").asText().contains("no asset"));
  }

  @Test
  void imageUrlsAreImportedAsAssetsBeforeTheStart() throws Exception {
    String spec = VALID_JSON.replace("{\"prompt\": \"The open box\"}", "{\"image\": \"" + imageUrl("big.png") + "\"}");
    HttpResponse<String> response = post(spec, MediaType.APPLICATION_JSON);
    assertEquals(HttpStatus.CREATED, response.getStatus());
    String id = json.readTree(response.body()).path("id").asText();
    JsonNode stored = json.readTree(catalog.storyboard(id).orElseThrow().specJson());
    String image = stored.path("shots").get(0).path("end_frame").path("image").asText();
    assertTrue(image.matches("asset:[0-9a-f]{64}\\.png"), image);
    assertNotNull(catalog.asset(image.substring("asset:".length())).orElseThrow());
    temporal.newUntypedWorkflowStub("storyboard-" + id).terminate("test done");
  }

  @Test
  void imagesThatFailInspectionOrDownloadAreRefused() throws Exception {
    String small = VALID_JSON.replace("{\"prompt\": \"The open box\"}",
        "{\"image\": \"" + imageUrl("small.png") + "\"}");
    assertEquals(List.of("shots[0].end_frame.image"), fields(refused(small)));
    String missing = VALID_JSON.replace("{\"prompt\": \"The open box\"}",
        "{\"image\": \"" + imageUrl("missing.png") + "\"}");
    JsonNode problem = refused(missing);
    assertEquals(List.of("shots[0].end_frame.image"), fields(problem));
    assertTrue(problem.path("errors").get(0).path("message").asText().contains("404"));
  }

  @Test
  void reviewersCannotSubmit() {
    HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
        () -> http.toBlocking().exchange(HttpRequest.POST("/api/storyboards", VALID_JSON)
            .contentType(MediaType.APPLICATION_JSON).bearerAuth(tokens.tokenFor("reviewer"))));
    assertEquals(HttpStatus.FORBIDDEN, e.getStatus());
  }

}
