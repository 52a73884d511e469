package io.shotflow.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.exceptions.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensTest {

  @TempDir
  Path dir;

  private Path file(String yaml) throws IOException {
    Path file = dir.resolve("tokens.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private ApiTokens tokens(String tokensFile) {
    return new ApiTokens(tokensFile, dir.resolve("unused-generated.yaml").toString());
  }

  @Test
  void readsTokensAndRolesFromTheFile() throws IOException {
    ApiTokens tokens = tokens(file("""
        - { name: ana,  token: "pr-2f9c0000", roles: [producer] }
        - { name: ben,  token: "rv-81aa0000", roles: [reviewer] }
        - { name: root, token: "ad-00000000", roles: [admin] }
        """).toString());
    assertFalse(tokens.generated());
    assertEquals("pr-2f9c0000", tokens.tokenFor("producer"));
    assertEquals("rv-81aa0000", tokens.tokenFor("reviewer"));
    assertEquals("ben", tokens.authenticate("rv-81aa0000").orElseThrow().name());
    assertEquals(List.of("reviewer"), tokens.authenticate("rv-81aa0000").orElseThrow().roles());
    assertTrue(tokens.authenticate("rv-81aa000").isEmpty());
    assertTrue(tokens.authenticate("").isEmpty());
  }

  @Test
  void aRoleWithoutItsOwnTokenFallsBackToAnAdmin() throws IOException {
    ApiTokens tokens = tokens(file("- { name: root, token: \"ad-00000000\", roles: [admin] }").toString());
    assertEquals("ad-00000000", tokens.tokenFor("reviewer"));
  }

  @Test
  void generatesDistinctTokensPerRoleWithoutAFile() {
    ApiTokens tokens = new ApiTokens(null, dir.resolve("data/api-tokens.yaml").toString());
    assertTrue(tokens.generated());
    assertEquals(3, tokens.all().size());
    assertNotEquals(tokens.tokenFor("producer"), tokens.tokenFor("reviewer"));
    assertEquals(List.of("admin"), tokens.authenticate(tokens.tokenFor("admin")).orElseThrow().roles());
  }

  @Test
  void keepsGeneratedTokensInAFileOnlyItsOwnerCanReadThatWorksAsATokensFile() throws IOException {
    Path kept = dir.resolve("data/api-tokens.yaml");
    ApiTokens generated = new ApiTokens(null, kept.toString());
    assertEquals(kept, generated.generatedFile().orElseThrow());
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(kept));

    ApiTokens reread = tokens(kept.toString());
    assertEquals(generated.all(), reread.all());
    assertTrue(reread.generatedFile().isEmpty());
  }

  @Test
  void aRestartKeepsTheGeneratedTokensAndDeletingTheFileRotatesThem() throws IOException {
    Path kept = dir.resolve("data/api-tokens.yaml");
    ApiTokens first = new ApiTokens(null, kept.toString());
    ApiTokens restarted = new ApiTokens(null, kept.toString());
    assertEquals(first.all(), restarted.all(), "a second start (or a second API on this folder) reuses them");
    assertTrue(restarted.generated());

    Files.delete(kept);
    ApiTokens rotated = new ApiTokens(null, kept.toString());
    assertNotEquals(first.tokenFor("admin"), rotated.tokenFor("admin"));
  }

  @Test
  void aKeptTokensFileThatNoLongerParsesIsReplaced() throws IOException {
    Path kept = dir.resolve("api-tokens.yaml");
    Files.writeString(kept, "- { name: admin, token: \"cut sh");
    Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-------"));
    ApiTokens generated = new ApiTokens(null, kept.toString());
    assertEquals(3, generated.all().size());
    assertTrue(Files.readString(kept).contains(generated.tokenFor("admin")));
  }

  @Test
  void aGeneratedTokensFileReplacesOneOthersCouldRead() throws IOException {
    Path kept = dir.resolve("api-tokens.yaml");
    Files.writeString(kept, "old");
    Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-r--r--"));
    ApiTokens generated = new ApiTokens(null, kept.toString());
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(kept));
    assertTrue(Files.readString(kept).contains(generated.tokenFor("admin")));
    try (var left = Files.list(dir)) {
      assertEquals(List.of(kept), left.toList(), "no temporary file left behind");
    }
  }

  @Test
  void refusesAShippedPlaceholderTokenNamingTheFileAndRole() throws IOException {
    Path shipped = file("""
        - { name: producer, token: "pr-2f9c0000", roles: [producer] }
        - { name: admin, token: "change-me-admin", roles: [admin] }
        """);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> tokens(shipped.toString()));
    assertTrue(e.getMessage().contains(shipped.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("placeholder"), e.getMessage());
    assertTrue(e.getMessage().contains("roles [admin]"), e.getMessage());
    Path upperCase = file("- { name: ops, token: \"CHANGEME-please\", roles: [reviewer] }");
    assertThrows(ConfigurationException.class, () -> tokens(upperCase.toString()));
  }

  @Test
  void refusesTheTokensFileShippedWithTheRepository() {
    Path shipped = Path.of("..", "deploy", "tokens.yaml");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> tokens(shipped.toString()));
    assertTrue(e.getMessage().contains("tokens.yaml") && e.getMessage().contains("placeholder"), e.getMessage());
  }

  @Test
  void refusesABadFileWithAClearMessage() throws IOException {
    String unknownRole = file("- { name: eve, token: \"xx-00000000\", roles: [director] }").toString();
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> tokens(unknownRole));
    assertTrue(e.getMessage().contains("eve"), e.getMessage());
    String shortToken = file("- { name: eve, token: \"x\", roles: [producer] }").toString();
    assertThrows(ConfigurationException.class, () -> tokens(shortToken));
    assertThrows(ConfigurationException.class, () -> tokens(dir.resolve("missing.yaml").toString()));
  }
}
