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

  @Test
  void readsTokensAndRolesFromTheFile() throws IOException {
    ApiTokens tokens = new ApiTokens(file("""
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
    ApiTokens tokens = new ApiTokens(file("- { name: root, token: \"ad-00000000\", roles: [admin] }").toString());
    assertEquals("ad-00000000", tokens.tokenFor("reviewer"));
  }

  @Test
  void generatesDistinctTokensPerRoleWithoutAFile() {
    ApiTokens tokens = new ApiTokens(null);
    assertTrue(tokens.generated());
    assertEquals(3, tokens.all().size());
    assertNotEquals(tokens.tokenFor("producer"), tokens.tokenFor("reviewer"));
    assertEquals(List.of("admin"), tokens.authenticate(tokens.tokenFor("admin")).orElseThrow().roles());
  }

  @Test
  void refusesABadFileWithAClearMessage() throws IOException {
    String unknownRole = file("- { name: eve, token: \"xx-00000000\", roles: [director] }").toString();
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> new ApiTokens(unknownRole));
    assertTrue(e.getMessage().contains("eve"), e.getMessage());
    String shortToken = file("- { name: eve, token: \"x\", roles: [producer] }").toString();
    assertThrows(ConfigurationException.class, () -> new ApiTokens(shortToken));
    assertThrows(ConfigurationException.class, () -> new ApiTokens(dir.resolve("missing.yaml").toString()));
  }
}
