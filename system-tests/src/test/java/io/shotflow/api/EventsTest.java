package io.shotflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.sse.SseClient;
import io.micronaut.http.sse.Event;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.api.security.ApiTokens;
import io.shotflow.activity.CatalogActivities;
import io.shotflow.catalog.StoryboardCatalog;
import io.shotflow.shot.ShotStage;
import io.shotflow.storyboard.StoryboardState;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The SSE stream of a storyboard: change events, then the end of the stream once it is terminal. */
@MicronautTest(transactional = false)
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class EventsTest extends ApiTestSupport {

  @Inject
  @Client("/")
  SseClient sse;

  @Inject
  ApiTokens tokens;

  @Inject
  StoryboardCatalog catalog;

  @Inject
  CatalogActivities recorder;

  @Test
  @SuppressWarnings("rawtypes")
  void aFinishedStoryboardStreamsItsLastStateAndCompletes() {
    String id = "done-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    catalog.register(new StoryboardCatalog.NewStoryboard(id, "Done", "storyboard-" + id, BigDecimal.TEN,
        BigDecimal.ONE, "{}", List.of("a", "b")));
    recorder.recordShotStage(new CatalogActivities.ShotStageRecord(id, "a", ShotStage.DONE, BigDecimal.ONE, null,
        null));
    recorder.recordShotStage(new CatalogActivities.ShotStageRecord(id, "b", ShotStage.SKIPPED, BigDecimal.ZERO, null,
        null));
    recorder.recordStoryboardState(new CatalogActivities.StoryboardRecord(id, StoryboardState.COMPLETED,
        BigDecimal.TEN, BigDecimal.ONE, null, "assembled 1 shot, 1 skipped"));

    List<Event<Map>> events = Flux.from(sse.eventStream(HttpRequest.GET("/api/storyboards/" + id + "/events")
            .bearerAuth(tokens.tokenFor("reviewer")), Map.class))
        .collectList()
        .block(Duration.ofSeconds(20));

    assertEquals(List.of("stage", "stage", "review", "progress"), events.stream().map(Event::getName).toList());
    assertEquals(Map.of("shot", "a", "stage", "done"), events.get(0).getData());
    assertEquals(Map.of("shot", "b", "stage", "skipped"), events.get(1).getData());
    Map progress = events.get(3).getData();
    assertEquals(100, progress.get("percent"));
    assertEquals("completed", progress.get("state"));
    assertTrue(((List) events.get(2).getData().get("pending_reviews")).isEmpty());
  }

  @Test
  @SuppressWarnings("rawtypes")
  void aStoryboardTemporalNoLongerKnowsIsLostAndItsStreamEnds() {
    // the catalog says it runs; its workflow never existed in this Temporal (as after an in-memory server's restart)
    String id = "lost-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    catalog.register(new StoryboardCatalog.NewStoryboard(id, "Lost", "storyboard-" + id, BigDecimal.TEN,
        BigDecimal.ONE, "{}", List.of("a")));

    List<Event<Map>> events = Flux.from(sse.eventStream(HttpRequest.GET("/api/storyboards/" + id + "/events")
            .bearerAuth(tokens.tokenFor("reviewer")), Map.class))
        .collectList()
        .block(Duration.ofSeconds(20));

    assertEquals("lost", events.get(events.size() - 1).getData().get("state"), events.toString());
    var row = catalog.storyboard(id).orElseThrow();
    assertEquals("lost", row.state(), "recorded, so the list says so too");
    assertTrue(row.detail().contains("Temporal no longer knows"), row.detail());
  }
}
