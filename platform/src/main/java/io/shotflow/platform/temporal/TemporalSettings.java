package io.shotflow.platform.temporal;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code temporal.*}: where the Temporal frontend is and how to authenticate to it, bound once and turned into the
 * service stubs' options by {@link TemporalConnection}.
 *
 * <ul>
 *   <li>{@code address}: {@code host:port}; unset, the launcher's local Temporal (in-process or the CLI's dev server).
 *   <li>{@code namespace}: default {@code default}; on Temporal Cloud {@code <namespace>.<account>}.
 *   <li>{@code api-key}: sent as {@code authorization: Bearer <key>} on every call (the SDK's {@code addApiKey}); turns
 *       TLS on unless {@code tls.enabled} is false. Never logged.
 *   <li>{@code tls.cert-file} / {@code tls.key-file}: the client certificate chain and its private key (PEM; the key
 *       unencrypted PKCS#8, {@code BEGIN PRIVATE KEY}) for mTLS; {@code tls.ca-file}: the CA that signed the server's
 *       certificate, when the system's trust store does not know it; {@code tls.server-name}: the name the server's
 *       certificate is checked against (and sent as SNI) when it differs from the address's host.
 *   <li>{@code tls.enabled}: TLS on or off; unset, on when any of the above is set.
 * </ul>
 */
@ConfigurationProperties("temporal")
public class TemporalSettings {

  private String address;
  private String namespace = "default";
  private String apiKey;
  private Tls tls = new Tls();

  @Nullable
  public String getAddress() {
    return address;
  }

  public void setAddress(@Nullable String address) {
    this.address = address;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  @Nullable
  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(@Nullable String apiKey) {
    this.apiKey = apiKey;
  }

  public Tls getTls() {
    return tls;
  }

  public void setTls(Tls tls) {
    this.tls = tls;
  }

  /** Whether {@code temporal.address} names a server (else the launcher's local one is used). */
  public boolean hasAddress() {
    return address != null && !address.isBlank();
  }

  /** {@code temporal.tls.*}. */
  @ConfigurationProperties("tls")
  public static class Tls {

    private Boolean enabled;
    private String certFile;
    private String keyFile;
    private String caFile;
    private String serverName;

    @Nullable
    public Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
      this.enabled = enabled;
    }

    @Nullable
    public String getCertFile() {
      return certFile;
    }

    public void setCertFile(@Nullable String certFile) {
      this.certFile = certFile;
    }

    @Nullable
    public String getKeyFile() {
      return keyFile;
    }

    public void setKeyFile(@Nullable String keyFile) {
      this.keyFile = keyFile;
    }

    @Nullable
    public String getCaFile() {
      return caFile;
    }

    public void setCaFile(@Nullable String caFile) {
      this.caFile = caFile;
    }

    @Nullable
    public String getServerName() {
      return serverName;
    }

    public void setServerName(@Nullable String serverName) {
      this.serverName = serverName;
    }
  }
}
