package io.shotflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the producer commands find their token: the environment, then the tokens file the API reads. */
class TokenLookupTest {

  @TempDir Path work;

  @Test
  void shotflowTokenComesFirst() throws Exception {
    TokenLookup lookup = new TokenLookup(Map.of("SHOTFLOW_TOKEN", " rv-from-env ")::get, Map.<String, String>of()::get);

    assertEquals("rv-from-env", lookup.token(RemoteApi.REVIEWER));
  }

  @Test
  void theFilePicksTheLeastPrivilegedTokenWithANeededRole() throws Exception {
    Path file = work.resolve("tokens.yaml");
    Files.writeString(file, """
        - { name: admin, token: "ad-123456789", roles: [admin] }
        - { name: pat, token: "pr-123456789", roles: [producer] }
        - { name: rita, token: "rv-123456789", roles: [reviewer] }
        """);
    TokenLookup lookup = new TokenLookup(Map.<String, String>of()::get,
        Map.of(TokenLookup.GENERATED_TOKENS_FILE, file.toString())::get);

    assertEquals("rv-123456789", lookup.token(RemoteApi.REVIEWER));
    assertEquals("rv-123456789", lookup.token(RemoteApi.ANY_ROLE));
    assertEquals("ad-123456789", lookup.token(List.of("admin")));
  }

  @Test
  void aConfiguredTokensFileWinsOverTheGeneratedOneAndEnvironmentVariablesNameThemAsTheApiReadsThem() {
    TokenLookup lookup = new TokenLookup(Map.of(
        "SHOTFLOW_SECURITY_TOKENS_FILE", "/etc/shotflow/tokens.yaml",
        "SHOTFLOW_SECURITY_GENERATED_TOKENS_FILE", "/tmp/generated.yaml")::get, Map.<String, String>of()::get);
    assertEquals(Path.of("/etc/shotflow/tokens.yaml"), lookup.tokensFile());

    TokenLookup generated = new TokenLookup(Map.of(
        "SHOTFLOW_SECURITY_GENERATED_TOKENS_FILE", "/tmp/generated.yaml")::get, Map.<String, String>of()::get);
    assertEquals(Path.of("/tmp/generated.yaml"), generated.tokensFile());

    TokenLookup byDefault = new TokenLookup(Map.<String, String>of()::get, Map.<String, String>of()::get);
    assertEquals(Path.of("data/api-tokens.yaml"), byDefault.tokensFile());
  }

  @Test
  void anUnreadableFileSaysSo() throws Exception {
    Path file = work.resolve("broken.yaml");
    Files.writeString(file, "- { name: [unclosed\n");
    TokenLookup lookup = new TokenLookup(Map.<String, String>of()::get,
        Map.of(TokenLookup.GENERATED_TOKENS_FILE, file.toString())::get);

    TokenLookup.NoToken e = assertThrows(TokenLookup.NoToken.class, () -> lookup.token(RemoteApi.ANY_ROLE));
    assertTrue(e.getMessage().startsWith("cannot read the tokens file " + file.toAbsolutePath()), e.getMessage());
  }
}
