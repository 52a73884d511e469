package io.shotflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code watch} opens the event stream again when it drops before the storyboard ends. The API here is a loopback
 * HTTP server speaking the events contract whose first stream ends mid-run, as a restarting API's would; the commands
 * against the real stack are in {@link ProducerCommandsTest}.
 */
class WatchReconnectTest {

  private static final String ID = "drop-test-abc123";

  @TempDir Path work;

  private HttpServer server;
  private final AtomicInteger streams = new AtomicInteger();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile String state = "running";

  @BeforeEach
  void start() throws IOException {
    assumeTrue(System.getenv(TokenLookup.TOKEN_VARIABLE) == null, "SHOTFLOW_TOKEN would take the tokens file's place");
    Path tokens = work.resolve("api-tokens.yaml");
    Files.writeString(tokens, "- { name: reviewer, token: \"rv-watch-test\", roles: [reviewer] }\n");
    System.setProperty(TokenLookup.GENERATED_TOKENS_FILE, tokens.toString());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/storyboards/" + ID, this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
    System.clearProperty(TokenLookup.GENERATED_TOKENS_FILE);
  }

  private void answer(HttpExchange exchange) throws IOException {
    authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
    if (exchange.getRequestURI().getPath().endsWith("/events")) {
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream body = exchange.getResponseBody()) {
        if (streams.incrementAndGet() == 1) {
          // the first stream: one change, then it ends while the storyboard still runs
          body.write(event("stage", "{\"shot\":\"a\",\"stage\":\"clip\"}"));
        } else {
          state = "completed";
          body.write(event("stage", "{\"shot\":\"a\",\"stage\":\"done\"}"));
          body.write(event("progress", "{\"percent\":100,\"state\":\"completed\",\"spend_usd\":0.5,\"budget_usd\":2}"));
        }
      }
      return;
    }
    String stage = "completed".equals(state) ? "done" : "keyframes";
    String outputs = "completed".equals(state) ? ",\"outputs\":{\"final_cut\":\"/api/assets/cut.mp4\"}" : "";
    byte[] status = ("{\"id\":\"" + ID + "\",\"title\":\"Drop\",\"state\":\"" + state + "\",\"spend_usd\":0.5,"
        + "\"budget_usd\":2,\"shots\":[{\"id\":\"a\",\"stage\":\"" + stage + "\"}],\"pending_reviews\":[]" + outputs
        + "}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, status.length);
    try (OutputStream body = exchange.getResponseBody()) {
      body.write(status);
    }
  }

  private static byte[] event(String name, String data) {
    return (": a comment line, ignored\nevent: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aStreamThatEndsBeforeTheStoryboardIsOpenedAgainUntilItCompletes() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new Shotflow()).execute("watch", ID, "--api", "http://127.0.0.1:" + server.getAddress().getPort());
    } finally {
      System.setOut(original);
    }

    String console = printed.toString(StandardCharsets.UTF_8);
    assertEquals(ExitCodes.OK, code, console);
    assertEquals(2, streams.get(), "the stream was opened again once: " + console);
    assertTrue(console.contains("The event stream dropped; reconnecting...") && console.contains("Reconnected."),
        console);
    assertTrue(console.contains("a:clip") && console.contains("100% completed  a:done  $0.50/$2.00"), console);
    assertTrue(console.contains("final cut http://127.0.0.1:" + server.getAddress().getPort() + "/api/assets/cut.mp4"),
        console);
    assertTrue(authorizations.stream().allMatch("Bearer rv-watch-test"::equals), "the tokens file's token: "
        + authorizations);
  }
}
