package io.shotflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * {@code status}, {@code review} and {@code watch} against a running embedded stack (the {@code serve} stack,
 * in-process, on free ports), acting with a token from the tokens file the stack generated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProducerCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Path work;
  private Stack stack;
  private ApiClient producer;

  @BeforeAll
  void startStack() throws IOException {
    assumeTrue(System.getenv(TokenLookup.TOKEN_VARIABLE) == null, "SHOTFLOW_TOKEN would take the tokens file's place");
    work = Files.createTempDirectory("shotflow-cli-test");
    System.setProperty(TokenLookup.GENERATED_TOKENS_FILE, work.resolve("api-tokens.yaml").toString());
    stack = Stack.start(Stack.Role.ALL, Map.of(
        "micronaut.server.port", freePort(),
        "shotflow.embedded-temporal.port", freePort(),
        "shotflow.assets.root", work.resolve("assets").toString(),
        "shotflow.providers.local.jobs-dir", work.resolve("local-jobs").toString(),
        "shotflow.temporal.generated-encryption-keys-file", work.resolve("temporal-payload-keys").toString(),
        "datasources.default.url", "jdbc:h2:mem:cli-" + work.getFileName()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"));
    producer = new ApiClient(stack.baseUrl(), Tokens.of(stack.context()).producer());
  }

  @AfterAll
  void stopStack() {
    if (stack != null) {
      stack.close();
    }
    System.clearProperty(TokenLookup.GENERATED_TOKENS_FILE);
  }

  @Test
  void statusListsAStoryboardReviewApprovesItsClipAndWatchSeesItComplete() throws Exception {
    String id = submit("""
        {"title": "CLI review", "provider": "local", "budget_usd": 5,
         "review": {"keyframes": "auto", "clips": "required"},
         "shots": [{"id": "one", "prompt": "Slow pan across the harbour", "duration": 5,
                    "start_frame": {"prompt": "A quiet harbour before dawn"}}]}
        """);
    JsonNode pending = awaitPending(id);
    assertEquals("clip:one", pending.path("subject").asText());
    String take = pending.path("takes").get(0).asText();

    Run list = run("status", "--api", stack.baseUrl());
    assertEquals(0, list.code, list.all());
    assertTrue(list.out.lines().anyMatch(l -> l.startsWith(id) && l.contains("CLI review")
        && l.contains("awaiting_review") && l.contains("$0.00/$5.00") && l.strip().endsWith("1")), list.out);

    Run json = run("status", "--json", "--api", stack.baseUrl());
    assertEquals(0, json.code, json.all());
    JsonNode entry = find(JSON.readTree(json.out), id);
    assertEquals(1, entry.path("pending_review_count").asInt(), json.out);

    Run one = run("status", id, "--api", stack.baseUrl());
    assertEquals(0, one.code, one.all());
    assertTrue(one.out.contains("clip:one  takes: " + take), one.out);
    assertTrue(one.out.contains("/review/" + id), one.out);

    Run notPending = run("review", id, "keyframe:one:start", "approve", "--take", take, "--api", stack.baseUrl());
    assertEquals(ExitCodes.REFUSED, notPending.code, notPending.all());
    assertTrue(notPending.err.contains("keyframe:one:start is not awaiting review") && notPending.err.contains("409"),
        notPending.err);

    CompletableFuture<Run> watch = runUntilPrinted("Awaiting review: clip:one", "watch", id, "--api", stack.baseUrl());

    // no --take: the subject's only take
    Run review = run("review", id, "clip:one", "approve", "--note", "good pan", "--api", stack.baseUrl());
    assertEquals(0, review.code, review.all());
    assertTrue(review.out.contains("clip:one approved (take " + take + ")"), review.out);

    Run watched = watch.get(120, TimeUnit.SECONDS);
    assertEquals(0, watched.code, watched.all());
    assertTrue(watched.out.contains("Storyboard " + id + " completed"), watched.out);
    assertTrue(watched.out.contains("100%"), "the progress bar reached the end: " + watched.out);
    assertEquals("completed", producer.status(id).path("state").asText());

    Run after = run("watch", id, "--api", stack.baseUrl());
    assertEquals(0, after.code, "a finished storyboard's watch ends at once: " + after.all());
  }

  @Test
  void anUnknownStoryboardIsRefusedWithItsOwnExitCode() {
    Run status = run("status", "no-such-storyboard", "--api", stack.baseUrl());
    assertEquals(ExitCodes.REFUSED, status.code, status.all());
    assertTrue(status.err.contains("no storyboard no-such-storyboard (404"), status.err);

    Run watch = run("watch", "no-such-storyboard", "--api", stack.baseUrl());
    assertEquals(ExitCodes.REFUSED, watch.code, watch.all());

    Run review = run("review", "no-such-storyboard", "clip:one", "reject", "--api", stack.baseUrl());
    assertEquals(ExitCodes.REFUSED, review.code, review.all());
    assertTrue(review.err.contains("no storyboard no-such-storyboard"), review.err);
  }

  @Test
  void badArgumentsAreUsageErrorsNamingTheArgument() {
    Run verdict = run("review", "any-id", "clip:one", "maybe", "--api", stack.baseUrl());
    assertEquals(ExitCodes.USAGE, verdict.code, verdict.all());
    assertTrue(verdict.err.contains("VERDICT") && verdict.err.contains("'maybe'"), verdict.err);

    Run prompt = run("review", "any-id", "clip:one", "approve", "--prompt", "x", "--api", stack.baseUrl());
    assertEquals(ExitCodes.USAGE, prompt.code, prompt.all());
    assertTrue(prompt.err.contains("--prompt"), prompt.err);

    Run api = run("status", "--api", "localhost:8080");
    assertEquals(ExitCodes.USAGE, api.code, api.all());
    assertTrue(api.err.contains("--api"), api.err);

    Run missing = run("review", "any-id");
    assertEquals(ExitCodes.USAGE, missing.code, missing.all());
    assertTrue(missing.err.contains("SUBJECT"), missing.err);
  }

  @Test
  void withoutATokenOrWithOneTheApiDoesNotKnowNothingIsSent() throws IOException {
    String file = System.getProperty(TokenLookup.GENERATED_TOKENS_FILE);
    try {
      System.setProperty(TokenLookup.GENERATED_TOKENS_FILE, work.resolve("absent.yaml").toString());
      Run none = run("status", "--api", stack.baseUrl());
      assertEquals(ExitCodes.NOT_AUTHORIZED, none.code, none.all());
      assertTrue(none.err.contains("no API token: set SHOTFLOW_TOKEN") && none.err.contains("absent.yaml"), none.err);

      Path stale = work.resolve("stale.yaml");
      Files.writeString(stale, "- { name: old, token: \"rv-not-this-stack\", roles: [reviewer] }\n");
      System.setProperty(TokenLookup.GENERATED_TOKENS_FILE, stale.toString());
      Run unknown = run("status", "--api", stack.baseUrl());
      assertEquals(ExitCodes.NOT_AUTHORIZED, unknown.code, unknown.all());
      assertTrue(unknown.err.contains("401"), unknown.err);

      Files.writeString(stale, "- { name: pat, token: \"pr-only-a-producer\", roles: [producer] }\n");
      Run producerOnly = run("review", "any-id", "clip:one", "reject", "--api", stack.baseUrl());
      assertEquals(ExitCodes.NOT_AUTHORIZED, producerOnly.code, producerOnly.all());
      assertTrue(producerOnly.err.contains("has no token with role reviewer or admin"), producerOnly.err);
    } finally {
      System.setProperty(TokenLookup.GENERATED_TOKENS_FILE, file);
    }
  }

  // --- helpers

  private record Run(int code, String out, String err) {
    String all() {
      return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /** A command built as {@code ./shotflow} builds it, its output captured; the commands take System.out/err as built. */
  private record Prepared(CommandLine cli, ByteArrayOutputStream out, ByteArrayOutputStream err, StringWriter usage) {

    static Prepared of() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream originalOut = System.out;
      PrintStream originalErr = System.err;
      CommandLine cli;
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        cli = new CommandLine(new Shotflow());
      } finally {
        System.setOut(originalOut);
        System.setErr(originalErr);
      }
      StringWriter usage = new StringWriter();
      cli.setErr(new PrintWriter(usage, true));
      return new Prepared(cli, out, err, usage);
    }

    Run execute(String... args) {
      int code = cli.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) + usage);
    }

    String printed() {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static Run run(String... args) {
    return Prepared.of().execute(args);
  }

  /** Starts {@code watch}-like long commands on a thread; returns once {@code text} is printed. */
  private static CompletableFuture<Run> runUntilPrinted(String text, String... args) throws Exception {
    Prepared prepared = Prepared.of();
    CompletableFuture<Run> running = CompletableFuture.supplyAsync(() -> prepared.execute(args));
    Instant until = Instant.now().plus(Duration.ofSeconds(60));
    while (!prepared.printed().contains(text)) {
      if (running.isDone()) {
        throw new AssertionError("ended before printing '" + text + "': " + running.get().all());
      }
      if (Instant.now().isAfter(until)) {
        throw new AssertionError("never printed '" + text + "': " + prepared.printed());
      }
      Thread.sleep(100);
    }
    return running;
  }

  private String submit(String spec) throws Exception {
    return producer.submit(JSON.readTree(spec)).path("id").asText();
  }

  private JsonNode awaitPending(String id) throws Exception {
    Instant until = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(until)) {
      JsonNode status = producer.status(id);
      for (JsonNode pending : status.path("pending_reviews")) {
        if (pending.path("takes").size() > 0) {
          return pending;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("nothing came up for review: " + producer.status(id));
  }

  private static JsonNode find(JsonNode list, String id) {
    for (JsonNode entry : list) {
      if (id.equals(entry.path("id").asText())) {
        return entry;
      }
    }
    throw new AssertionError(id + " not listed: " + list);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
