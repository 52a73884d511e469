package io.shotflow.platform.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.GrpcMetadataProvider;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code temporal.*} connection settings: the stubs' options carry the TLS context, the server name and the API key;
 * bad files fail the start naming their key; and against a real mTLS frontend (the Java test server's services behind
 * a Netty server that requires a client certificate) the client connects, verifies the server under the configured
 * name and sends its API key.
 */
class TemporalConnectionTest {

  private static final String API_KEY = "tcsk-test-key";
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @TempDir static Path dir;
  private static TestCertificates certs;
  private static TestServicesStarter services;
  private static Server server;
  private static final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void mtlsFrontend() throws Exception {
    certs = TestCertificates.create(dir);
    services = new TestServicesStarter(true, 0);
    ServerInterceptor recordAuthorization = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        authorizations.add(String.valueOf(headers.get(AUTHORIZATION)));
        return next.startCall(call, headers);
      }
    };
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(GrpcSslContexts.forServer(certs.serverCert().toFile(), certs.serverKey().toFile())
            .trustManager(certs.caCert().toFile())
            .clientAuth(ClientAuth.REQUIRE)
            .build());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder, List.of(recordAuthorization));
    server = builder.build().start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.shutdownNow();
    }
    if (services != null) {
      services.close();
    }
  }

  @Test
  void theOptionsCarryTheSslContextTheServerNameAndTheApiKey() throws Exception {
    WorkflowServiceStubsOptions options = TemporalConnection.configure(mtls(true, true), builder()).build();

    assertEquals(address(), options.getTarget());
    assertNotNull(options.getSslContext());
    assertTrue(options.getSslContext().isClient());
    assertNotNull(options.getChannelInitializer(), "the server name is set on the channel");
    assertEquals(1, options.getGrpcMetadataProviders().size());
    GrpcMetadataProvider provider = options.getGrpcMetadataProviders().iterator().next();
    assertEquals("Bearer " + API_KEY, provider.getMetadata().get(AUTHORIZATION));
    assertFalse(TemporalConnection.describe(mtls(true, true)).contains(API_KEY), "the key is never described");
  }

  @Test
  void anApiKeyAloneMeansTlsWithTheSystemTrustStoreAndNothingSetMeansPlaintext() {
    TemporalSettings cloud = new TemporalSettings();
    cloud.setAddress("eu-west-1.aws.api.temporal.io:7233");
    cloud.setNamespace("shotflow.a1b2c");
    cloud.setApiKey(API_KEY);
    WorkflowServiceStubsOptions options = TemporalConnection.configure(cloud, builder()).build();
    assertTrue(options.getEnableHttps());
    assertNull(options.getSslContext());

    TemporalSettings plain = new TemporalSettings();
    plain.setAddress("temporal:7233");
    WorkflowServiceStubsOptions plaintext = TemporalConnection.configure(plain, builder()).build();
    assertFalse(plaintext.getEnableHttps());
    assertNull(plaintext.getSslContext());
    assertTrue(plaintext.getGrpcMetadataProviders() == null || plaintext.getGrpcMetadataProviders().isEmpty());
  }

  @Test
  void aBadCertificatePathFailsTheStartNamingTheKey() {
    TemporalSettings settings = mtls(true, false);
    settings.getTls().setCertFile(dir.resolve("missing.pem").toString());
    ConfigurationException missing = assertThrows(ConfigurationException.class,
        () -> TemporalConnection.configure(settings, builder()));
    assertTrue(missing.getMessage().startsWith("temporal.tls.cert-file: no readable file at "), missing.getMessage());

    TemporalSettings swapped = mtls(true, false);
    swapped.getTls().setKeyFile(certs.clientCert().toString());
    ConfigurationException notAKey = assertThrows(ConfigurationException.class,
        () -> TemporalConnection.configure(swapped, builder()));
    assertTrue(notAKey.getMessage().contains("temporal.tls.key-file"), notAKey.getMessage());

    TemporalSettings half = mtls(false, false);
    half.getTls().setKeyFile(null);
    ConfigurationException alone = assertThrows(ConfigurationException.class,
        () -> TemporalConnection.configure(half, builder()));
    assertTrue(alone.getMessage().startsWith("temporal.tls.cert-file is set without temporal.tls.key-file"));

    // the same through the application: its start fails with the key in the message
    try (ApplicationContext context = ApplicationContext.run(Map.of(
        "temporal.address", address(),
        "temporal.tls.cert-file", dir.resolve("missing.pem").toString(),
        "temporal.tls.key-file", certs.clientKey().toString()))) {
      RuntimeException failed = assertThrows(RuntimeException.class, () -> context.getBean(WorkflowServiceStubs.class));
      assertTrue(messages(failed).contains("temporal.tls.cert-file: no readable file at"), messages(failed));
    }
  }

  @Test
  void connectsOverMutualTlsUnderTheConfiguredServerNameAndSendsTheApiKey() {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        TemporalConnection.configure(mtls(true, true), builder()).build());
    try {
      authorizations.clear();
      var info = stubs.blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      assertTrue(info.hasCapabilities());
      assertTrue(authorizations.contains("Bearer " + API_KEY), authorizations.toString());
    } finally {
      stubs.shutdownNow();
    }
  }

  @Test
  void theServerRefusesAClientWithoutItsCertificateAndTheClientRefusesTheWrongServerName() {
    TemporalSettings noClientCert = mtls(true, false);
    noClientCert.getTls().setCertFile(null);
    noClientCert.getTls().setKeyFile(null);
    assertUnreachable(noClientCert);

    TemporalSettings wrongName = mtls(false, false);
    assertUnreachable(wrongName);
  }

  private static void assertUnreachable(TemporalSettings settings) {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        TemporalConnection.configure(settings, builder()).build());
    try {
      assertThrows(StatusRuntimeException.class, () -> stubs.blockingStub()
          .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()));
    } finally {
      stubs.shutdownNow();
    }
  }

  /** mTLS to the test frontend with the CA file; the server name and API key when asked. */
  private static TemporalSettings mtls(boolean serverName, boolean apiKey) {
    TemporalSettings settings = new TemporalSettings();
    settings.setAddress(address());
    settings.getTls().setCertFile(certs.clientCert().toString());
    settings.getTls().setKeyFile(certs.clientKey().toString());
    settings.getTls().setCaFile(certs.caCert().toString());
    if (serverName) {
      settings.getTls().setServerName(TestCertificates.SERVER_NAME);
    }
    if (apiKey) {
      settings.setApiKey(API_KEY);
    }
    return settings;
  }

  /** Without waiting for the server at creation, as the application's stubs do not either. */
  private static WorkflowServiceStubsOptions.Builder builder() {
    return WorkflowServiceStubsOptions.newBuilder();
  }

  private static String address() {
    return "127.0.0.1:" + ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  private static String messages(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t.getMessage()).append(" | ");
    }
    return text.toString();
  }
}
