package io.shotflow.api.security;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.shotflow.platform.files.OwnerOnlyFile;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The API tokens and their roles: from the YAML tokens file {@code shotflow.security.tokens-file}
 * (a list of {@code {name, token, roles}}), or, when none is configured, one random token per role so the embedded
 * stack and the review page work out of the box. Generated tokens are kept in
 * {@code shotflow.security.generated-tokens-file} (same format, readable by its owner only), created by the first
 * process that starts and reused by every later start and every API on the same data folder, so review links and a
 * {@code ./shotflow watch} outlive a restart; deleting the file rotates them. A kept file that others could read is
 * replaced by new tokens. They are printed by the launcher and never go to the log. A tokens file that still holds a
 * shipped placeholder is refused.
 */
@Singleton
public class ApiTokens {

  private static final List<String> PLACEHOLDER_PREFIXES = List.of("change-me", "changeme");

  /** One token, its owner's name (recorded as the reviewer) and its roles. */
  public record ApiToken(String name, String token, List<String> roles) {}

  private final List<ApiToken> tokens;
  @Nullable private final Path generatedFile;

  public ApiTokens(@Nullable @Value("${shotflow.security.tokens-file}") String tokensFile,
      @Value("${shotflow.security.generated-tokens-file:data/api-tokens.yaml}") String generatedTokensFile) {
    if (tokensFile != null && !tokensFile.isBlank()) {
      this.tokens = load(Path.of(tokensFile));
      this.generatedFile = null;
    } else {
      this.generatedFile = Path.of(generatedTokensFile);
      this.tokens = keptOrGenerated(generatedFile);
    }
  }

  public List<ApiToken> all() {
    return tokens;
  }

  /** True when the tokens were generated at start rather than read from a file. */
  public boolean generated() {
    return generatedFile != null;
  }

  /** Where the generated tokens are kept; empty when they come from {@code shotflow.security.tokens-file}. */
  public Optional<Path> generatedFile() {
    return Optional.ofNullable(generatedFile);
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
      if (isPlaceholder(t.token())) {
        throw new ConfigurationException("Refusing to start: the tokens file " + file + " still holds the placeholder "
            + "token \"" + t.token() + "\" for " + t.name() + " (roles " + t.roles() + ", entry " + (i + 1)
            + "); replace it with a secret of your own (e.g. openssl rand -base64 24)");
      }
    }
    return List.copyOf(loaded);
  }

  /** A token shipped as an example ({@code deploy/tokens.yaml}: {@code change-me-admin}, ...), never a secret. */
  private static boolean isPlaceholder(String token) {
    String lower = token.toLowerCase(Locale.ROOT);
    return PLACEHOLDER_PREFIXES.stream().anyMatch(lower::startsWith);
  }

  /**
   * The tokens kept in {@code file} when it is readable by its owner only, else new ones written there. Two processes
   * starting at once on an absent file both generate; one file wins and both read it.
   */
  private static List<ApiToken> keptOrGenerated(Path file) {
    String yaml = yaml(generate());
    try {
      if (Files.exists(file) && !ownerOnly(file)) {
        OwnerOnlyFile.write(file, yaml);
      } else {
        OwnerOnlyFile.createIfAbsent(file, yaml);
      }
    } catch (IOException e) {
      throw new ConfigurationException("Cannot write the generated API tokens to " + file + " (set "
          + "shotflow.security.generated-tokens-file to a writable path, or configure shotflow.security.tokens-file): "
          + e.getMessage(), e);
    }
    try {
      return load(file);
    } catch (ConfigurationException unreadable) {
      // a kept file that no longer parses (cut short, edited by hand) is replaced: it holds nothing but these tokens
      try {
        OwnerOnlyFile.write(file, yaml);
      } catch (IOException e) {
        throw new ConfigurationException("Cannot replace the unreadable generated API tokens in " + file + ": "
            + e.getMessage(), e);
      }
      return load(file);
    }
  }

  private static boolean ownerOnly(Path file) throws IOException {
    if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return true;
    }
    return Files.getPosixFilePermissions(file).stream()
        .allMatch(p -> p == PosixFilePermission.OWNER_READ || p == PosixFilePermission.OWNER_WRITE);
  }

  private static String yaml(List<ApiToken> tokens) {
    StringBuilder yaml = new StringBuilder()
        .append("# API tokens Shotflow generated at its first start, reused by every later start on this data\n")
        .append("# folder. Delete this file to rotate them; to manage them yourself, point\n")
        .append("# shotflow.security.tokens-file at a copy of this file.\n");
    for (ApiToken t : tokens) {
      yaml.append("- { name: ").append(t.name()).append(", token: \"").append(t.token()).append("\", roles: [")
          .append(String.join(", ", t.roles())).append("] }\n");
    }
    return yaml.toString();
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
