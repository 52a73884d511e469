package io.shotflow.platform.temporal;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;

/**
 * PEM files for TLS tests, made with the JDK's keytool: a CA, a server certificate it signed for the DNS name
 * {@link #SERVER_NAME} only, and a client certificate it signed. Keys are written as unencrypted PKCS#8.
 */
record TestCertificates(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

  static final String SERVER_NAME = "temporal.shotflow.test";
  private static final String PASS = "changeit";

  static TestCertificates create(Path dir) throws Exception {
    Path store = dir.resolve("keys.p12");
    for (String[] entry : new String[][] {{"ca", "CN=Shotflow test CA"}, {"server", "CN=" + SERVER_NAME},
        {"client", "CN=shotflow-worker"}}) {
      List<String> args = new java.util.ArrayList<>(List.of("-genkeypair", "-alias", entry[0], "-dname", entry[1],
          "-keyalg", "RSA", "-keysize", "2048", "-validity", "2"));
      if (entry[0].equals("ca")) {
        args.addAll(List.of("-ext", "bc:c"));
      }
      run(dir, store, args.toArray(String[]::new));
    }
    for (String alias : List.of("server", "client")) {
      Path csr = dir.resolve(alias + ".csr");
      Path signed = dir.resolve(alias + "-signed.pem");
      run(dir, store, "-certreq", "-alias", alias, "-file", csr.toString());
      if (alias.equals("server")) {
        run(dir, store, "-gencert", "-alias", "ca", "-infile", csr.toString(), "-outfile", signed.toString(), "-rfc",
            "-ext", "SAN=dns:" + SERVER_NAME, "-ext", "EKU=serverAuth", "-validity", "2");
      } else {
        run(dir, store, "-gencert", "-alias", "ca", "-infile", csr.toString(), "-outfile", signed.toString(), "-rfc",
            "-ext", "EKU=clientAuth", "-validity", "2");
      }
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASS.toCharArray());
    }
    Path ca = pem(dir.resolve("ca.pem"), "CERTIFICATE", keys.getCertificate("ca").getEncoded());
    return new TestCertificates(ca,
        Files.writeString(dir.resolve("server.pem"), Files.readString(dir.resolve("server-signed.pem")) + Files.readString(ca)),
        key(dir.resolve("server.key"), keys.getKey("server", PASS.toCharArray())),
        Files.writeString(dir.resolve("client.pem"), Files.readString(dir.resolve("client-signed.pem")) + Files.readString(ca)),
        key(dir.resolve("client.key"), keys.getKey("client", PASS.toCharArray())));
  }

  private static Path key(Path file, Key key) throws Exception {
    return pem(file, "PRIVATE KEY", key.getEncoded());
  }

  private static Path pem(Path file, String type, byte[] der) throws Exception {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
  }

  private static void run(Path dir, Path store, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASS,
        "-keypass", PASS, "-noprompt"));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }
}
