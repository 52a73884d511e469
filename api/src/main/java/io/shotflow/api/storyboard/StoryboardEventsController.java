package io.shotflow.api.storyboard;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.shotflow.catalog.StoryboardCatalog;
import java.time.Duration;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code GET /api/storyboards/{id}/events}: the status, polled every second, as change events until it is terminal. */
@Controller("/api/storyboards")
public class StoryboardEventsController {

  private static final Duration PERIOD = Duration.ofSeconds(1);

  private final StoryboardCatalog catalog;
  private final StoryboardStatusService statuses;

  public StoryboardEventsController(StoryboardCatalog catalog, StoryboardStatusService statuses) {
    this.catalog = catalog;
    this.statuses = statuses;
  }

  @Get(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM)
  @Secured(SecurityRule.IS_AUTHENTICATED)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public Publisher<Event<?>> events(@PathVariable String id) {
    catalog.storyboard(id).orElseThrow(() -> StoryboardController.unknown(id));
    StatusEvents events = new StatusEvents();
    return Flux.interval(Duration.ZERO, PERIOD)
        .onBackpressureDrop()
        .concatMap(tick -> Mono.fromCallable(() -> statuses.status(id).orElseThrow())
            .subscribeOn(Schedulers.boundedElastic()), 1)
        .takeUntil(StoryboardView::terminal)
        .concatMapIterable(events::next);
  }
}
