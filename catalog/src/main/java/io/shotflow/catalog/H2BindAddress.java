package io.shotflow.catalog;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.h2.engine.SysProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the H2 catalog's TCP port on loopback. With {@code AUTO_SERVER=TRUE} (the default file URL) the first process
 * that opens the file serves it to the others, such as a separate {@code ./shotflow worker} and {@code ./shotflow api};
 * H2 opens that port on every interface unless the JVM system property {@code h2.bindAddress} names an address, and
 * reads the property once, when H2 is first used. So before a data source with an H2 URL opens its first connection,
 * this sets {@code h2.bindAddress} to 127.0.0.1 unless the JVM was started with it (the per-listener override).
 */
@Singleton
public class H2BindAddress implements BeanCreatedEventListener<DatasourceConfiguration> {

  static final String PROPERTY = "h2.bindAddress";
  static final String LOOPBACK = "127.0.0.1";

  private static final Logger LOG = LoggerFactory.getLogger(H2BindAddress.class);

  @Override
  public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
    String url = event.getBean().getUrl();
    if (url != null && url.startsWith("jdbc:h2:")) {
      String wanted = System.getProperty(PROPERTY);
      if (wanted == null || wanted.isBlank()) {
        System.setProperty(PROPERTY, LOOPBACK);
        wanted = LOOPBACK;
      }
      if (servesOverTcp(url)) {
        check(wanted);
      }
    }
    return event.getBean();
  }

  /** The address H2's servers in this JVM listen on, as H2 read it. */
  static String effective() {
    return SysProperties.BIND_ADDRESS;
  }

  static boolean servesOverTcp(String url) {
    return url.toUpperCase(Locale.ROOT).replace(" ", "").contains(";AUTO_SERVER=TRUE");
  }

  private static void check(String wanted) {
    String effective = effective();
    if (!wanted.equals(effective)) {
      throw new ConfigurationException("H2 was already loaded in this JVM with h2.bindAddress="
          + (effective == null ? "(unset: every interface)" : effective) + ", so the catalog's AUTO_SERVER port would "
          + "not listen on " + wanted + "; start the JVM with -D" + PROPERTY + "=" + wanted);
    }
    if (!isLoopback(wanted)) {
      LOG.warn("h2.bindAddress={}: other hosts can reach the H2 catalog's AUTO_SERVER port", wanted);
    }
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
