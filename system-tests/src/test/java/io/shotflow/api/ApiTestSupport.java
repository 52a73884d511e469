package io.shotflow.api;

import io.micronaut.test.support.TestPropertyProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Per test class: its own in-memory H2 catalog, its own asset folder and generated-tokens file, and the embedded
 * Temporal server with the real worker on a free port. Subclasses add properties through {@link #extraProperties()}.
 */
public abstract class ApiTestSupport implements TestPropertyProvider {

  protected Path assetsRoot;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> props = isolatedStack();
    assetsRoot = Path.of(props.get("shotflow.assets.root"));
    props.putAll(extraProperties());
    return props;
  }

  /** Properties of a stack that shares no database, folder or port with any other. */
  static Map<String, String> isolatedStack() {
    Path work;
    try {
      work = Files.createTempDirectory("shotflow-test");
      Files.createDirectories(work.resolve("assets"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> props = new HashMap<>();
    props.put("datasources.default.url", "jdbc:h2:mem:" + UUID.randomUUID()
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    props.put("shotflow.assets.root", work.resolve("assets").toString());
    props.put("shotflow.security.generated-tokens-file", work.resolve("api-tokens.yaml").toString());
    props.put("shotflow.temporal.generated-encryption-keys-file", work.resolve("temporal-payload-keys").toString());
    props.put("shotflow.embedded-temporal.port", String.valueOf(freePort()));
    props.put("micronaut.server.port", "-1");
    return props;
  }

  protected Map<String, String> extraProperties() {
    return Map.of();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
