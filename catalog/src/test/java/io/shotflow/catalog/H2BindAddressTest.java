package io.shotflow.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.Reader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default catalog URL's {@code AUTO_SERVER} port listens on loopback only, and a second process still shares the
 * file through it.
 */
class H2BindAddressTest {

  @TempDir Path dir;

  @Test
  void theAutoServerPortOfTheCatalogListensOnLoopbackAndServesASecondProcess() throws Exception {
    Path db = dir.resolve("shotflow");
    String url = "jdbc:h2:file:" + db + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
        + "AUTO_SERVER=TRUE";
    Map<String, Object> props = new HashMap<>();
    props.put("datasources.default.url", url);
    props.put("datasources.default.driver-class-name", "org.h2.Driver");
    props.put("datasources.default.username", "sa");
    props.put("datasources.default.password", "");
    props.put("datasources.default.dialect", "POSTGRES");
    props.put("flyway.datasources.default.enabled", true);
    try (ApplicationContext context = ApplicationContext.run(props)) {
      context.getBean(StoryboardCatalog.class).register(new StoryboardCatalog.NewStoryboard("sb-shared", "Shared",
          "storyboard-sb-shared", BigDecimal.TEN, BigDecimal.ONE, "{}", List.of("reveal")));
      assertEquals("127.0.0.1", System.getProperty(H2BindAddress.PROPERTY));
      assertEquals("127.0.0.1", H2BindAddress.effective());

      Properties lock = new Properties();
      try (Reader in = Files.newBufferedReader(Path.of(db + ".lock.db"))) {
        lock.load(in);
      }
      String server = lock.getProperty("server");
      assertTrue(server.startsWith("localhost:"), "the lock file sends other processes to " + server);
      int port = Integer.parseInt(server.substring(server.indexOf(':') + 1));
      assertTrue(accepts(InetAddress.getLoopbackAddress(), port), "reachable on loopback");
      for (InetAddress address : nonLoopbackAddresses()) {
        assertFalse(accepts(address, port), "the catalog's port answers on " + address.getHostAddress());
      }

      // a second JVM opening the same file goes through that port, as ./shotflow api does next to ./shotflow worker
      Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", h2.toString(), "org.h2.tools.Shell", "-url", url, "-user", "sa", "-password", "",
          "-sql", "SELECT title FROM storyboard WHERE id = 'sb-shared'")
          .redirectErrorStream(true).start();
      assertTrue(other.waitFor(60, TimeUnit.SECONDS), "second process finished");
      String output = new String(other.getInputStream().readAllBytes());
      assertEquals(0, other.exitValue(), output);
      assertTrue(output.lines().anyMatch(line -> line.strip().equals("Shared")), output);
    }
  }

  @Test
  void recognisesTheUrlsThatOpenATcpPort() {
    assertTrue(H2BindAddress.servesOverTcp("jdbc:h2:file:./data/shotflow;MODE=PostgreSQL;AUTO_SERVER=TRUE"));
    assertTrue(H2BindAddress.servesOverTcp("jdbc:h2:file:./x;auto_server=true;MODE=PostgreSQL"));
    assertFalse(H2BindAddress.servesOverTcp("jdbc:h2:file:./x;MODE=PostgreSQL"));
    assertFalse(H2BindAddress.servesOverTcp("jdbc:h2:mem:x;AUTO_SERVER=FALSE"));
  }

  private static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** This machine's IPv4 addresses other than loopback: where another host would connect. */
  private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(n -> {
          try {
            return n.isUp() && !n.isLoopback();
          } catch (SocketException e) {
            return false;
          }
        })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .toList();
  }
}
