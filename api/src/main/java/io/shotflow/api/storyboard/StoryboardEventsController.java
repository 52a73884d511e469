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
import io.shotflow.api.ApiDocumentation;
import io.shotflow.api.problem.ProblemResponses;
import io.shotflow.catalog.StoryboardCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code GET /api/storyboards/{id}/events}: the status, polled every second, as change events until it is terminal. */
@Controller("/api/storyboards")
@Tag(name = ApiDocumentation.STORYBOARDS)
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
  @Operation(operationId = "streamStoryboardEvents", summary = "Follow a storyboard as server-sent events",
      description = "Checks the status every second and sends what changed: `progress` (`percent`, `state`, "
          + "`spend_usd`, `budget_usd`), `stage` (`shot`, `stage`) and `review` (`pending_reviews`). The stream ends "
          + "when the storyboard is completed, failed or cancelled. Any role.")
  @ApiResponse(responseCode = "200", description = "The event stream",
      content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(type = "string",
          description = "`event:` is the event's name, `data:` its JSON object")))
  @ProblemResponses.TokenRequired
  @ProblemResponses.UnknownStoryboard
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
