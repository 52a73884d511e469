package io.shotflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The generated OpenAPI document passes Redocly's recommended rules without errors. The CLI is the version pinned in
 * {@code .ci/openapi-lint/package-lock.json}, installed there by {@code .ci/run} ({@code npm ci}). Without Node.js or
 * the CLI the test is skipped on a developer's machine and fails in CI (where {@code CI} is set).
 */
class OpenApiLintTest {

  private static final String DOCUMENT = "META-INF/swagger/shotflow-0.1.yml";
  private static final Path LINTER_DIR = Path.of(".ci", "openapi-lint");
  private static final long TIMEOUT_SECONDS = 180;

  @Test
  void generatedDocumentHasNoLintErrors() throws Exception {
    Path document = document();
    Path cli = redocly();
    Run lint = run(List.of(cli.toString(), "lint", "--extends=recommended", document.toString()));
    System.out.println(lint.output());
    assertTrue(lint.output().contains(document.getFileName().toString()),
        "Redocly did not report on the document:\n" + lint.output());
    assertEquals(0, lint.exit(), "Redocly's recommended rules find errors in " + document + ":\n" + lint.output());
  }

  private record Run(int exit, String output) {}

  /** The document micronaut-openapi wrote into this module's classes, found through the class path. */
  private static Path document() throws URISyntaxException {
    URL url = OpenApiLintTest.class.getClassLoader().getResource(DOCUMENT);
    assertNotNull(url, DOCUMENT + " is not on the class path: the openapi annotation processor did not write it");
    return Path.of(url.toURI());
  }

  /** {@code node_modules/.bin/redocly} under {@code .ci/openapi-lint} of the repository this module is in. */
  private static Path redocly() throws Exception {
    Path repo = repositoryRoot();
    Path cli = repo.resolve(LINTER_DIR).resolve(Path.of("node_modules", ".bin", "redocly"));
    String missing = null;
    if (!nodeRuns()) {
      missing = "Node.js (node) is not installed";
    } else if (!Files.isExecutable(cli)) {
      missing = "Redocly CLI is not installed at " + cli + " (run: cd " + repo.resolve(LINTER_DIR) + " && npm ci)";
    }
    if (missing != null) {
      if (System.getenv("CI") != null) {
        fail(missing + "; .ci/run installs it before the tests");
      }
      assumeTrue(false, missing + "; skipped outside CI");
    }
    return cli;
  }

  /** The folder above the test classes that holds {@code .ci/openapi-lint}, whatever the working directory. */
  private static Path repositoryRoot() throws URISyntaxException {
    Path dir = Path.of(OpenApiLintTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(LINTER_DIR).resolve("package.json"))) {
        return p;
      }
    }
    throw new IllegalStateException("no " + LINTER_DIR + "/package.json above " + dir);
  }

  private static boolean nodeRuns() {
    try {
      Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      node.getInputStream().readAllBytes();
      return node.waitFor(30, TimeUnit.SECONDS) && node.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Run run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // no usage reports and no update checks: the linter talks to nothing
    builder.environment().put("REDOCLY_TELEMETRY", "off");
    builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    builder.environment().put("NO_COLOR", "1");
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("redocly lint did not finish in " + TIMEOUT_SECONDS + " s");
    }
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
