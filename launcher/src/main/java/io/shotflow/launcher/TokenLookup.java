package io.shotflow.launcher;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.shotflow.api.security.ApiTokens.ApiToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The token a command against a running API sends: {@code SHOTFLOW_TOKEN}, else one with a role it needs from the
 * tokens file the API reads: {@code shotflow.security.tokens-file} when configured, else the file the embedded stack
 * writes its generated tokens to ({@code shotflow.security.generated-tokens-file}, default
 * {@code data/api-tokens.yaml}, readable by its owner only). Each key is read as the API reads it: a system property,
 * else its environment variable ({@code SHOTFLOW_SECURITY_TOKENS_FILE}, ...).
 */
final class TokenLookup {

  static final String TOKEN_VARIABLE = "SHOTFLOW_TOKEN";
  static final String TOKENS_FILE = "shotflow.security.tokens-file";
  static final String GENERATED_TOKENS_FILE = "shotflow.security.generated-tokens-file";
  static final String DEFAULT_GENERATED_TOKENS_FILE = "data/api-tokens.yaml";

  /** No usable token: the message says where the CLI looked and what to do. */
  static final class NoToken extends Exception {
    NoToken(String message) {
      super(message);
    }
  }

  private final Function<String, String> environment;
  private final Function<String, String> properties;

  TokenLookup(Function<String, String> environment, Function<String, String> properties) {
    this.environment = environment;
    this.properties = properties;
  }

  static TokenLookup ofProcess() {
    return new TokenLookup(System::getenv, System::getProperty);
  }

  /** A token with the first of {@code roles} the tokens file has one for (least privilege first). */
  String token(List<String> roles) throws NoToken {
    String given = environment.apply(TOKEN_VARIABLE);
    if (given != null && !given.isBlank()) {
      return given.trim();
    }
    Path file = tokensFile();
    if (!Files.isRegularFile(file)) {
      throw new NoToken("no API token: set " + TOKEN_VARIABLE + ", or run this where the API keeps its tokens ("
          + file.toAbsolutePath() + " does not exist; ./shotflow serve writes it at start, relative to the folder it "
          + "runs in)");
    }
    List<ApiToken> tokens;
    try {
      tokens = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), new TypeReference<List<ApiToken>>() {});
    } catch (IOException e) {
      throw new NoToken("cannot read the tokens file " + file.toAbsolutePath() + ": " + e.getMessage()
          + "; set " + TOKEN_VARIABLE + " instead");
    }
    for (String role : roles) {
      for (ApiToken t : tokens == null ? List.<ApiToken>of() : tokens) {
        if (t != null && t.roles() != null && t.roles().contains(role) && t.token() != null && !t.token().isBlank()) {
          return t.token();
        }
      }
    }
    throw new NoToken("the tokens file " + file.toAbsolutePath() + " has no token with role "
        + String.join(" or ", roles) + "; set " + TOKEN_VARIABLE + " to one");
  }

  /** The tokens file the API reads, resolved as it resolves it. */
  Path tokensFile() {
    String configured = setting(TOKENS_FILE);
    if (configured != null) {
      return Path.of(configured);
    }
    String generated = setting(GENERATED_TOKENS_FILE);
    return Path.of(generated != null ? generated : DEFAULT_GENERATED_TOKENS_FILE);
  }

  private String setting(String key) {
    String value = properties.apply(key);
    if (value == null || value.isBlank()) {
      value = environment.apply(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    return value == null || value.isBlank() ? null : value;
  }
}
