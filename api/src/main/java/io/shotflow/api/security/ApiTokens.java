package io.shotflow.api.security;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API tokens and their roles: from the YAML tokens file {@code shotflow.security.tokens-file}
 * (a list of {@code {name, token, roles}}), or, when none is configured, one random token per role generated at
 * start (and logged once) so the embedded stack and the review page work out of the box.
 */
@Singleton
public class ApiTokens {

  private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);

  /** One token, its owner's name (recorded as the reviewer) and its roles. */
  public record ApiToken(String name, String token, List<String> roles) {}

  private final List<ApiToken> tokens;
  private final boolean generated;

  public ApiTokens(@Nullable @Value("${shotflow.security.tokens-file}") String tokensFile) {
    if (tokensFile != null && !tokensFile.isBlank()) {
      this.tokens = load(Path.of(tokensFile));
      this.generated = false;
      LOG.info("Loaded {} API tokens from {}", tokens.size(), tokensFile);
    } else {
      this.tokens = generate();
      this.generated = true;
      StringBuilder text = new StringBuilder();
      tokens.forEach(t -> text.append("\n  ").append(t.name()).append(": ").append(t.token()));
      LOG.info("No shotflow.security.tokens-file configured; generated API tokens for this run:{}", text);
    }
  }

  public List<ApiToken> all() {
    return tokens;
  }

  /** True when the tokens were generated at start rather than read from a file. */
  public boolean generated() {
    return generated;
  }

  /** A token that carries {@code role}, else an admin token; null when there is neither. */
  @Nullable
  public String tokenFor(String role) {
    return tokens.stream().filter(t -> t.roles().contains(role)).findFirst()
        .or(() -> tokens.stream().filter(t -> t.roles().contains(Roles.ADMIN)).findFirst())
        .map(ApiToken::token)
        .orElse(null);
  }

  /** The token equal to {@code presented}, compared in constant time. */
  public Optional<ApiToken> authenticate(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
    ApiToken match = null;
    for (ApiToken t : tokens) {
      if (MessageDigest.isEqual(bytes, t.token().getBytes(StandardCharsets.UTF_8))) {
        match = t;
      }
    }
    return Optional.ofNullable(match);
  }

  private static List<ApiToken> load(Path file) {
    List<ApiToken> loaded;
    try {
      // the tokens file is YAML, read once at start: the application's ObjectMapper bean reads JSON only
      loaded = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), new TypeReference<List<ApiToken>>() {});
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read the tokens file " + file + ": " + e.getMessage(), e);
    }
    if (loaded == null || loaded.isEmpty()) {
      throw new ConfigurationException("The tokens file " + file + " lists no tokens");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < loaded.size(); i++) {
      ApiToken t = loaded.get(i);
      String where = "tokens file " + file + ", entry " + (i + 1);
      if (t.name() == null || t.name().isBlank()) {
        throw new ConfigurationException(where + ": name is required");
      }
      if (t.token() == null || t.token().length() < 8) {
        throw new ConfigurationException(where + " (" + t.name() + "): token must have at least 8 characters");
      }
      if (!seen.add(t.token())) {
        throw new ConfigurationException(where + " (" + t.name() + "): token is used twice");
      }
      if (t.roles() == null || t.roles().isEmpty() || !Roles.ALL.containsAll(t.roles())) {
        throw new ConfigurationException(where + " (" + t.name() + "): roles must be a non-empty list of " + Roles.ALL);
      }
    }
    return List.copyOf(loaded);
  }

  private static List<ApiToken> generate() {
    SecureRandom random = new SecureRandom();
    List<ApiToken> generated = new ArrayList<>();
    for (String role : Roles.ALL) {
      byte[] bytes = new byte[18];
      random.nextBytes(bytes);
      String token = role.substring(0, 2) + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      generated.add(new ApiToken(role, token, List.of(role)));
    }
    return List.copyOf(generated);
  }
}
