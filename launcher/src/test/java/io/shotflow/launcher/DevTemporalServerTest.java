package io.shotflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.shotflow.launcher.embedded.DevTemporalServer;
import io.shotflow.launcher.embedded.EmbeddedTemporalServer;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve}/{@code run} with a Temporal CLI installed, against a stand-in executable: a script that records its
 * arguments and PID, then runs a real Temporal frontend (this project's in-memory server, through
 * {@code ./shotflow temporal-server} in a JVM of its own) on the port it was given. The real {@code temporal} CLI is
 * not on this machine, so what the CLI itself does with {@code --db-filename} is not exercised here.
 */
class DevTemporalServerTest {

  private static final Path EXAMPLES = Path.of("..", "examples");

  @TempDir Path work;

  @Test
  void theStackStartsTheCliWithItsDatabaseFileConnectsRunsAStoryboardThroughItAndStopsItAtExit() throws Exception {
    Path cli = standIn();
    int port = freePort();
    int uiPort = freePort();
    Path db = work.resolve("data/temporal.db");
    Map<String, Object> props = isolated();
    props.put("shotflow.embedded-temporal.cli", cli.toString());
    props.put("shotflow.embedded-temporal.db-file", db.toString());
    props.put("shotflow.embedded-temporal.port", port);
    props.put("shotflow.embedded-temporal.ui-port", uiPort);

    String workflowId;
    try (Stack stack = Stack.start(Stack.Role.ALL, props)) {
      String target = "127.0.0.1:" + port;
      assertEquals(target, stack.context().getRequiredProperty("temporal.address", String.class));
      assertFalse(stack.context().containsBean(EmbeddedTemporalServer.class), "no in-memory server in this process");
      assertEquals(List.of("server", "start-dev", "--db-filename", db.toAbsolutePath().toString(), "--ip", "127.0.0.1",
          "--port", String.valueOf(port), "--ui-port", String.valueOf(uiPort)), Files.readAllLines(work.resolve("args")));
      assertTrue(Files.isRegularFile(work.resolve("data/temporal.pid")), "the child's PID is recorded");
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      stack.printTemporal(new PrintStream(printed, true, StandardCharsets.UTF_8));
      assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("Temporal UI: http://localhost:" + uiPort + " "),
          printed.toString(StandardCharsets.UTF_8));

      Tokens tokens = Tokens.of(stack.context());
      ApiClient api = new ApiClient(stack.baseUrl(), tokens.producer(), tokens.reviewer());
      JsonNode created = api.submit(new SpecFile(EXAMPLES.resolve("single-shot.yaml"), false)
          .withUploadedFiles(api::uploadAsset));
      workflowId = created.path("workflow_id").asText();
      String state = awaitEnd(api, created.path("id").asText());
      assertEquals("completed", state);

      // the storyboard's workflow lives in the child's frontend
      WorkflowServiceStubs direct = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
      try {
        var described = direct.blockingStub().describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace("default").setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
        assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
            described.getWorkflowExecutionInfo().getStatus());
      } finally {
        direct.shutdownNow();
      }
    }

    long pid = Long.parseLong(Files.readString(work.resolve("pid")).trim());
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the child stopped with the stack");
    assertFalse(Files.exists(work.resolve("data/temporal.pid")), "the PID record is removed");
  }

  @Test
  void aCliThatExitsAtOnceFailsTheStartQuotingItsLog() throws Exception {
    Path cli = script("failing-temporal", "echo \"can't set frontend port: address already in use\"\nexit 3\n");
    Map<String, Object> props = isolated();
    props.put("shotflow.embedded-temporal.cli", cli.toString());
    props.put("shotflow.embedded-temporal.db-file", work.resolve("data/temporal.db").toString());

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Stack.start(Stack.Role.ALL, props));

    assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
    assertTrue(e.getMessage().contains("address already in use"), e.getMessage());
    assertFalse(Files.exists(work.resolve("data/temporal.pid")));
  }

  @Test
  void aDevServerLeftRunningByAKilledLauncherIsReplacedAtTheNextStart() throws Exception {
    Path cli = standIn();
    Path db = work.resolve("data/temporal.db");
    int port = freePort();
    int uiPort = freePort();
    // started and never closed, as by a launcher killed with SIGKILL: no shutdown hook ran
    DevTemporalServer orphan = DevTemporalServer.start(
        new DevTemporalServer.Settings(cli, db, "127.0.0.1", port, uiPort, "default", Duration.ofMinutes(2)));
    try {
      Map<String, Object> props = isolated();
      props.put("shotflow.embedded-temporal.cli", cli.toString());
      props.put("shotflow.embedded-temporal.db-file", db.toString());
      props.put("shotflow.embedded-temporal.port", port);
      props.put("shotflow.embedded-temporal.ui-port", uiPort);
      try (Stack next = Stack.start(Stack.Role.ALL, props)) {
        assertFalse(ProcessHandle.of(orphan.pid()).map(ProcessHandle::isAlive).orElse(false), "the orphan was stopped");
        assertEquals("127.0.0.1:" + port, next.context().getRequiredProperty("temporal.address", String.class),
            "the orphan's port was freed before the ports were chosen");
        long child = Long.parseLong(Files.readString(work.resolve("pid")).trim());
        assertTrue(Files.readString(work.resolve("data/temporal.pid")).contains("pid=" + child));
      }
      assertFalse(ProcessHandle.of(Long.parseLong(Files.readString(work.resolve("pid")).trim()))
          .map(ProcessHandle::isAlive).orElse(false));
    } finally {
      orphan.close();
    }
  }

  @Test
  void aConfiguredTemporalAddressStartsNoCli() throws Exception {
    Path cli = script("temporal", "touch '" + work.resolve("started") + "'\nexit 3\n");
    try (EmbeddedTemporalServer server = new EmbeddedTemporalServer(freePort(), "127.0.0.1")) {
      Map<String, Object> props = isolated();
      props.put("shotflow.embedded-temporal.cli", cli.toString());
      props.put("temporal.address", server.target());

      try (Stack stack = Stack.start(Stack.Role.ALL, props)) {
        assertEquals(server.target(), stack.context().getRequiredProperty("temporal.address", String.class));
        assertFalse(stack.context().containsBean(EmbeddedTemporalServer.class));
      }
      assertFalse(Files.exists(work.resolve("started")), "the CLI was not run");
    }
  }

  private String awaitEnd(ApiClient api, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    String state = api.status(id).path("state").asText();
    while (!List.of("completed", "failed", "cancelled", "lost").contains(state) && System.nanoTime() < deadline) {
      Thread.sleep(300);
      state = api.status(id).path("state").asText();
    }
    return state;
  }

  /** The stand-in {@code temporal}: records its arguments and PID, then serves a Temporal frontend on --ip:--port. */
  private Path standIn() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return script("temporal", """
        printf '%s\\n' "$@" > '${work}/args'
        echo $$ > '${work}/pid'
        port=7233; ip=127.0.0.1
        while [ $# -gt 0 ]; do
          case "$1" in --port) port=$2; shift ;; --ip) ip=$2; shift ;; esac
          shift
        done
        exec '${java}' -Xmx256m -XX:TieredStopAtLevel=1 -cp '${cp}' io.shotflow.launcher.Shotflow \\
          temporal-server --port "$port" --bind-address "$ip"
        """.replace("${work}", work.toString()).replace("${java}", java)
        .replace("${cp}", System.getProperty("java.class.path")));
  }

  private Path script(String name, String body) throws Exception {
    Path file = work.resolve("bin").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  private Map<String, Object> isolated() throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put("shotflow.assets.root", work.resolve("assets").toString());
    props.put("shotflow.providers.local.jobs-dir", work.resolve("local-jobs").toString());
    props.put("shotflow.security.generated-tokens-file", work.resolve("api-tokens.yaml").toString());
    props.put("shotflow.temporal.generated-encryption-keys-file", work.resolve("temporal-payload-keys").toString());
    props.put("datasources.default.url", "jdbc:h2:file:" + work.resolve("db/shotflow")
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    props.put("micronaut.server.port", freePort());
    return props;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
