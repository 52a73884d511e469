package io.shotflow.platform.temporal;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Applies {@link TemporalSettings} to the service stubs' options: the target, TLS (system trust, a CA file, a client
 * certificate for mTLS), the TLS server name and the API key. Every bad setting fails the start with a message that
 * names its key.
 */
public final class TemporalConnection {

  private TemporalConnection() {}

  /** {@code options} pointed at {@code settings.address} with its TLS and credentials. */
  public static WorkflowServiceStubsOptions.Builder configure(TemporalSettings settings,
      WorkflowServiceStubsOptions.Builder options) {
    TemporalSettings.Tls tls = settings.getTls();
    String apiKey = blankToNull(settings.getApiKey());
    String cert = blankToNull(tls.getCertFile());
    String key = blankToNull(tls.getKeyFile());
    String ca = blankToNull(tls.getCaFile());
    String serverName = blankToNull(tls.getServerName());
    if ((cert == null) != (key == null)) {
      throw new ConfigurationException(cert == null
          ? "temporal.tls.key-file is set without temporal.tls.cert-file (mTLS needs both)"
          : "temporal.tls.cert-file is set without temporal.tls.key-file (mTLS needs both)");
    }
    boolean tlsOn = tls.getEnabled() != null ? tls.getEnabled() : cert != null || ca != null || apiKey != null;
    if (!tlsOn && (cert != null || ca != null)) {
      throw new ConfigurationException("temporal.tls.enabled is false but temporal.tls."
          + (cert != null ? "cert-file" : "ca-file") + " is set");
    }
    options.setTarget(settings.getAddress());
    if (cert != null || ca != null) {
      options.setSslContext(sslContext(cert, key, ca));
    } else {
      options.setEnableHttps(tlsOn);
    }
    if (serverName != null) {
      options.setChannelInitializer(channel -> channel.overrideAuthority(serverName));
    }
    if (apiKey != null) {
      options.addApiKey(() -> apiKey);
    }
    return options;
  }

  /** What the connection uses, for the log: never the key or file contents. */
  public static String describe(TemporalSettings settings) {
    TemporalSettings.Tls tls = settings.getTls();
    StringBuilder text = new StringBuilder(settings.getAddress()).append(", namespace ").append(settings.getNamespace());
    if (blankToNull(tls.getCertFile()) != null) {
      text.append(", mTLS with ").append(tls.getCertFile());
    } else if (blankToNull(tls.getCaFile()) != null || Boolean.TRUE.equals(tls.getEnabled())) {
      text.append(", TLS");
    }
    if (blankToNull(tls.getServerName()) != null) {
      text.append(" (server name ").append(tls.getServerName()).append(')');
    }
    if (blankToNull(settings.getApiKey()) != null) {
      text.append(", API key");
    }
    return text.toString();
  }

  private static SslContext sslContext(@Nullable String cert, @Nullable String key, @Nullable String ca) {
    SslContextBuilder builder = GrpcSslContexts.forClient();
    if (ca != null) {
      File caFile = readable("temporal.tls.ca-file", ca);
      try {
        builder.trustManager(caFile);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("temporal.tls.ca-file: " + ca + " holds no PEM certificate: " + e.getMessage(), e);
      }
    }
    if (cert != null) {
      File certFile = readable("temporal.tls.cert-file", cert);
      File keyFile = readable("temporal.tls.key-file", key);
      try {
        builder.keyManager(certFile, keyFile);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("temporal.tls.cert-file / temporal.tls.key-file: " + cert + " and " + key
            + " are not a PEM certificate chain and its unencrypted PKCS#8 private key (convert an RSA key with "
            + "'openssl pkcs8 -topk8 -nocrypt'): " + e.getMessage(), e);
      }
    }
    try {
      return builder.build();
    } catch (javax.net.ssl.SSLException | RuntimeException e) {
      throw new ConfigurationException("temporal.tls: cannot build the TLS context from "
          + (cert != null ? "temporal.tls.cert-file " + cert + ", temporal.tls.key-file " + key : "")
          + (ca != null ? (cert != null ? ", " : "") + "temporal.tls.ca-file " + ca : "") + ": " + e.getMessage(), e);
    }
  }

  private static File readable(String property, String value) {
    Path path = Path.of(value);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new ConfigurationException(property + ": no readable file at " + value);
    }
    return path.toFile();
  }

  @Nullable
  private static String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
