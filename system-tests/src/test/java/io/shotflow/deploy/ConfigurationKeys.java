package io.shotflow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The configuration keys the application reads, collected where they are declared: the configuration metadata
 * Micronaut's compiler writes for every {@code @ConfigurationProperties}/{@code @EachProperty} class (Shotflow's and
 * the framework's, from the classpath), the {@code @Value}, {@code @Property}, {@code @Requires(property)} and
 * {@code getProperty} uses in the main sources, and the keys application.yml sets. A {@code *} in a key stands for
 * one segment (a provider's or a datasource's name).
 */
final class ConfigurationKeys {

  private static final String KEY = "([a-z][a-z0-9-]*(?:\\.[a-z0-9*][a-z0-9-]*)+)";
  private static final List<Pattern> SOURCE_PATTERNS = List.of(
      Pattern.compile("\\$\\{" + KEY + "[:}]"),
      Pattern.compile("@Property\\(\\s*name\\s*=\\s*\"" + KEY + "\""),
      Pattern.compile("@Requires\\([^)]*property\\s*=\\s*\"" + KEY + "\""),
      Pattern.compile("getProperty\\(\\s*\"" + KEY + "\""));
  /** A key held in a constant: {@code static final String KEY_PROPERTY = "shotflow.temporal.encryption-key";}. */
  private static final Pattern CONSTANT = Pattern.compile("static final String (\\w+)\\s*=\\s*\"" + KEY + "\";");
  /** Where a constant is read as a key: {@code @Value("${" + X.NAME ...}, {@code getProperty(X.NAME}, {@code property = NAME}. */
  private static final List<Pattern> CONSTANT_USES = List.of(
      Pattern.compile("\\$\\{\"\\s*\\+\\s*(?:\\w+\\.)?(\\w+)"),
      Pattern.compile("getProperty\\(\\s*(?:\\w+\\.)?([A-Z_][A-Z0-9_]*)\\b"),
      Pattern.compile("property\\s*=\\s*(?:\\w+\\.)?([A-Z_][A-Z0-9_]*)\\b"));

  private final Set<String> keys;

  private ConfigurationKeys(Set<String> keys) {
    this.keys = Collections.unmodifiableSet(keys);
  }

  static ConfigurationKeys collect(Path repository) throws IOException {
    Set<String> keys = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    var resources = ConfigurationKeys.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
    while (resources.hasMoreElements()) {
      URL url = resources.nextElement();
      try (InputStream in = url.openStream()) {
        for (JsonNode property : json.readTree(in).path("properties")) {
          keys.add(property.path("name").asText());
        }
      }
    }
    Map<String, String> constants = new java.util.HashMap<>();
    Set<String> constantsUsed = new TreeSet<>();
    try (Stream<Path> modules = Files.list(repository)) {
      for (Path module : modules.filter(Files::isDirectory).toList()) {
        Path java = module.resolve("src/main/java");
        if (Files.isDirectory(java)) {
          try (Stream<Path> files = Files.walk(java)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
              String text = Files.readString(file);
              keys.addAll(fromSource(text));
              Matcher constant = CONSTANT.matcher(text);
              while (constant.find()) {
                constants.put(constant.group(1), constant.group(2));
              }
              for (Pattern use : CONSTANT_USES) {
                Matcher m = use.matcher(text);
                while (m.find()) {
                  constantsUsed.add(m.group(1));
                }
              }
            }
          }
        }
        Path resourcesDir = module.resolve("src/main/resources");
        if (Files.isDirectory(resourcesDir)) {
          try (Stream<Path> files = Files.list(resourcesDir)) {
            for (Path yml : files.filter(f -> f.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
              flatten("", new Yaml().load(Files.readString(yml)), keys);
            }
          }
        }
      }
    }
    constantsUsed.stream().map(constants::get).filter(java.util.Objects::nonNull).forEach(keys::add);
    return new ConfigurationKeys(keys);
  }

  static Set<String> fromSource(String text) {
    Set<String> found = new TreeSet<>();
    for (Pattern pattern : SOURCE_PATTERNS) {
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        found.add(m.group(1));
      }
    }
    return found;
  }

  private static void flatten(String prefix, Object node, Set<String> keys) {
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, keys));
    } else if (!prefix.isEmpty()) {
      keys.add(prefix);
    }
  }

  Set<String> all() {
    return keys;
  }

  /** Whether {@code key} is read, a {@code *} in a known key matching any one segment. */
  boolean contains(String key) {
    if (keys.contains(key)) {
      return true;
    }
    String[] parts = key.split("\\.");
    return keys.stream().filter(k -> k.contains("*")).map(k -> k.split("\\.")).anyMatch(pattern -> {
      if (pattern.length != parts.length) {
        return false;
      }
      for (int i = 0; i < parts.length; i++) {
        if (!pattern[i].equals("*") && !pattern[i].equals(parts[i])) {
          return false;
        }
      }
      return true;
    });
  }

  /**
   * The properties an environment variable can set under Micronaut's rule: lower-cased, each {@code _} becoming
   * either {@code .} or {@code -} ({@code SHOTFLOW_ASSETS_S3_PATH_STYLE} → {@code shotflow.assets.s3.path-style},
   * among others).
   */
  static List<String> propertiesOf(String environmentVariable) {
    String[] parts = environmentVariable.toLowerCase(Locale.ROOT).split("_");
    List<String> names = new ArrayList<>();
    int separators = parts.length - 1;
    for (int mask = 0; mask < (1 << separators); mask++) {
      StringBuilder name = new StringBuilder(parts[0]);
      for (int i = 0; i < separators; i++) {
        name.append((mask & (1 << i)) == 0 ? '.' : '-').append(parts[i + 1]);
      }
      names.add(name.toString());
    }
    return names;
  }
}
