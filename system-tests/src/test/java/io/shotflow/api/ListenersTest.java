package io.shotflow.api;

import static io.shotflow.api.Reachability.accepts;
import static io.shotflow.api.Reachability.nonLoopbackAddresses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.shotflow.launcher.embedded.EmbeddedTemporalServer;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the stack's listeners bind: the embedded Temporal frontend (no authentication) on loopback unless
 * {@code shotflow.embedded-temporal.host} or {@code shotflow.bind-address} says otherwise; the API on every interface
 * unless {@code micronaut.server.host} says otherwise. Each checks the address the listener was given, then connects
 * to it on loopback and on this machine's other addresses (when it has any).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListenersTest extends ApiTestSupport {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Inject
  EmbeddedTemporalServer temporal;

  @Inject
  EmbeddedServer api;

  @TempDir
  Path dir;

  private static InetSocketAddress only(List<? extends SocketAddress> bound) {
    assertEquals(1, bound.size(), bound.toString());
    return (InetSocketAddress) bound.get(0);
  }

  @Test
  void theEmbeddedTemporalFrontendListensOnLoopbackOnly() {
    InetSocketAddress bound = only(temporal.listenAddresses());
    assertEquals("127.0.0.1", bound.getAddress().getHostAddress());
    assertEquals("127.0.0.1:" + bound.getPort(), temporal.target());
    assertTrue(accepts(LOOPBACK, bound.getPort()));
    for (InetAddress other : nonLoopbackAddresses()) {
      assertFalse(accepts(other, bound.getPort()), "Temporal answers on " + other.getHostAddress());
    }
  }

  @Test
  void theApiListensOnEveryInterfaceByDefault() {
    assertTrue(accepts(LOOPBACK, api.getPort()));
    for (InetAddress other : nonLoopbackAddresses()) {
      assertTrue(accepts(other, api.getPort()), "API not reachable on " + other.getHostAddress());
    }
  }

  @Test
  void theApiConfiguredToLoopbackAndTemporalMovedByTheBindAddress() {
    Map<String, Object> props = new HashMap<>(isolatedStack());
    props.put("micronaut.server.host", "127.0.0.1");
    props.put("shotflow.bind-address", "0.0.0.0");
    try (ApplicationContext context = ApplicationContext.run(props)) {
      EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
      assertTrue(accepts(LOOPBACK, server.getPort()));
      for (InetAddress other : nonLoopbackAddresses()) {
        assertFalse(accepts(other, server.getPort()), "API answers on " + other.getHostAddress());
      }
      EmbeddedTemporalServer everywhere = context.getBean(EmbeddedTemporalServer.class);
      InetSocketAddress bound = only(everywhere.listenAddresses());
      assertTrue(bound.getAddress().isAnyLocalAddress(), bound.toString());
      assertEquals("127.0.0.1:" + bound.getPort(), everywhere.target(), "this process's clients still use loopback");
    }
  }

  @Test
  void theEmbeddedTemporalHostOverridesTheBindAddress() {
    try (EmbeddedTemporalServer server = new EmbeddedTemporalServer(freePort(), "127.0.0.1", "0.0.0.0")) {
      assertEquals("127.0.0.1", only(server.listenAddresses()).getAddress().getHostAddress());
    }
    try (EmbeddedTemporalServer server = new EmbeddedTemporalServer(freePort(), null, "0.0.0.0")) {
      assertTrue(only(server.listenAddresses()).getAddress().isAnyLocalAddress());
    }
  }

  @Test
  void aPlaceholderTokenStopsTheApiAtStart() throws Exception {
    Path tokensFile = dir.resolve("tokens.yaml");
    Files.writeString(tokensFile, """
        - { name: producer, token: "pr-2f9c0000", roles: [producer] }
        - { name: ops, token: "change-me-admin", roles: [admin] }
        """);
    Map<String, Object> props = new HashMap<>(isolatedStack());
    props.put("shotflow.security.tokens-file", tokensFile.toString());
    try (ApplicationContext context = ApplicationContext.run(props)) {
      Exception e = assertThrows(Exception.class, () -> context.getBean(EmbeddedServer.class).start());
      StringBuilder messages = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        messages.append(t.getMessage()).append('\n');
      }
      assertTrue(messages.toString().contains("Refusing to start: the tokens file " + tokensFile
          + " still holds the placeholder token \"change-me-admin\" for ops (roles [admin]"), messages.toString());
    }
  }

  @Test
  void aContextThatNeverStartsTheServerGeneratesNoTokens() {
    Map<String, Object> props = new HashMap<>(isolatedStack());
    Path generated = Path.of(String.valueOf(props.get("shotflow.security.generated-tokens-file")));
    try (ApplicationContext context = ApplicationContext.run(props)) {
      assertTrue(context.isRunning());
    }
    // closing runs the graceful shutdown, which creates (but never starts) the HTTP server
    assertFalse(Files.exists(generated), "a worker-role context wrote " + generated);
  }
}
