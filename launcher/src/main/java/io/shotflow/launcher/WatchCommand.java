package io.shotflow.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code ./shotflow watch ID}: reattaches to a storyboard on a running API and follows its event stream with the
 * progress bar {@code run} shows, printing what waits for review, until the storyboard ends. A stream that drops is
 * opened again; one that stays quiet for {@link #QUIET} is checked by reading the status directly.
 */
@Command(name = "watch", description = "Follow a storyboard on a running API with the progress bar until it ends.")
final class WatchCommand implements Callable<Integer> {

  static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled", "lost");
  /** Without an event for this long the status is read directly: a stream can die without a word (a lost network). */
  static final Duration QUIET = Duration.ofSeconds(30);
  /** How long the API may stay unreachable before the watcher gives up (exit {@link ExitCodes#API_UNAVAILABLE}). */
  static final Duration GIVE_UP = Duration.ofMinutes(5);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final Object END = new Object();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "ID", description = "the storyboard")
  String id;

  @Mixin RemoteApi remote;

  private final PrintStream console = System.out;
  private final Set<String> reported = new HashSet<>();
  private ProgressBar bar;

  @Override
  public Integer call() throws Exception {
    String storyboard = remote.storyboardId(id);
    return remote.call(RemoteApi.ANY_ROLE, api -> follow(api, storyboard));
  }

  private int follow(ApiClient api, String storyboard) throws IOException, InterruptedException {
    ObjectNode model = api.status(storyboard).deepCopy();
    String title = model.path("title").asText("");
    console.printf("Watching storyboard %s%s  (review page %s/review/%s)%n", storyboard,
        title.isEmpty() ? "" : " \"" + title + "\"", api.baseUrl(), storyboard);
    bar = new ProgressBar(console, System.console() != null);
    show(model, storyboard);
    Instant lastAnswer = Instant.now();
    Duration backoff = Duration.ofSeconds(1);
    boolean dropped = false;
    while (!terminal(model)) {
      try (EventStream stream = api.events(storyboard)) {
        if (dropped) {
          bar.finish();
          console.println("Reconnected.");
          dropped = false;
        }
        backoff = Duration.ofSeconds(1);
        follow(api, storyboard, stream, model);
      } catch (ApiClient.ApiException e) {
        if (e.status < 500) {
          throw e;
        }
      } catch (IOException e) {
        // the stream or the API is gone for now: open it again below
      }
      if (terminal(model)) {
        break;
      }
      if (!dropped) {
        bar.finish();
        console.println("The event stream dropped; reconnecting...");
        dropped = true;
        lastAnswer = Instant.now();
      }
      if (Duration.between(lastAnswer, Instant.now()).compareTo(GIVE_UP) > 0) {
        throw new IOException("no answer for " + GIVE_UP.toMinutes() + " minutes while watching " + storyboard);
      }
      Thread.sleep(backoff.toMillis());
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      try {
        model = api.status(storyboard).deepCopy();
        lastAnswer = Instant.now();
        show(model, storyboard);
      } catch (ApiClient.ApiException e) {
        if (e.status < 500) {
          throw e;
        }
      } catch (IOException e) {
        // still unreachable: try again
      }
    }
    bar.update(model);
    bar.finish();
    // the events carry no outputs or detail: the status has them
    JsonNode last = api.status(storyboard);
    String state = last.path("state").asText();
    if (!"completed".equals(state)) {
      console.printf("Storyboard %s ended %s. %s%n", storyboard, state, last.path("detail").asText(""));
      return ExitCodes.NOT_COMPLETED;
    }
    JsonNode finalCut = last.path("outputs").path("final_cut");
    console.printf("Storyboard %s completed (spend %s)%s%n", storyboard, StatusCommand.spend(last),
        finalCut.isTextual() ? ": final cut " + api.absolute(finalCut.asText()) : "");
    return ExitCodes.OK;
  }

  /**
   * Applies the stream's events to {@code model} until the stream ends, fails, or the storyboard is terminal. The
   * stream is read on a thread of its own so a quiet stream cannot hold the watcher: after {@link #QUIET} without an
   * event the status is read directly (its failure ends this stream's turn).
   */
  private void follow(ApiClient api, String storyboard, EventStream stream, ObjectNode model)
      throws IOException, InterruptedException {
    BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try {
        EventStream.Event event;
        while ((event = stream.next()) != null) {
          queue.add(event);
        }
        queue.add(END);
      } catch (IOException e) {
        queue.add(e);
      }
    }, "shotflow-watch-events");
    reader.setDaemon(true);
    reader.start();
    while (!terminal(model)) {
      Object item = queue.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS);
      if (item == null) {
        model.setAll((ObjectNode) api.status(storyboard));
      } else if (item == END) {
        return;
      } else if (item instanceof IOException e) {
        throw e;
      } else {
        apply((EventStream.Event) item, model);
      }
      show(model, storyboard);
    }
  }

  /** An event of {@code GET /api/storyboards/{id}/events} applied to the status document it summarises. */
  static void apply(EventStream.Event event, ObjectNode model) throws IOException {
    JsonNode data = JSON.readTree(event.data());
    switch (event.name()) {
      case "progress" -> {
        model.set("state", data.path("state"));
        model.set("spend_usd", data.path("spend_usd"));
        model.set("budget_usd", data.path("budget_usd"));
        model.set("progress_percent", data.path("percent"));
      }
      case "stage" -> {
        ArrayNode shots = model.withArray("shots");
        String shot = data.path("shot").asText();
        for (JsonNode s : shots) {
          if (shot.equals(s.path("id").asText())) {
            ((ObjectNode) s).set("stage", data.path("stage"));
            return;
          }
        }
        shots.addObject().put("id", shot).set("stage", data.path("stage"));
      }
      case "review" -> model.set("pending_reviews", data.path("pending_reviews"));
      default -> {
        // an event this version does not know: the status it summarises is read when the stream goes quiet
      }
    }
  }

  /** The bar, and each subject that starts waiting for review, once. */
  private void show(JsonNode model, String storyboard) {
    for (JsonNode pending : model.path("pending_reviews")) {
      String key = pending.path("subject").asText() + "@" + pending.path("since").asText();
      if (reported.add(key)) {
        bar.finish();
        console.println("Awaiting review: " + StatusCommand.describePending(pending));
        console.printf("  ./shotflow review %s %s approve|reject   or the review page%n", storyboard,
            pending.path("subject").asText());
      }
    }
    bar.update(model);
  }

  private static boolean terminal(JsonNode model) {
    return TERMINAL.contains(model.path("state").asText());
  }
}
