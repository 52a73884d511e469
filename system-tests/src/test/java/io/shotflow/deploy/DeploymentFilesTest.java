package io.shotflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.temporal.SearchAttributes;
import io.temporal.common.SearchAttributeKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and the Dockerfile, checked without Docker: every service, published port, volume, dependency and
 * Shotflow environment key. Each {@code SHOTFLOW_*}, {@code TEMPORAL_*} and {@code DATASOURCES_*} variable given to a
 * Shotflow container must set (by Micronaut's environment-variable rule) a key the application reads
 * ({@link ConfigurationKeys}), or one of the S3 asset-store keys.
 */
class DeploymentFilesTest {

  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  /** The S3 asset store's keys (its own module declares them; listed here so this check does not wait on it). */
  private static final Set<String> S3_KEYS = Set.of("shotflow.assets.store", "shotflow.assets.s3.bucket",
      "shotflow.assets.s3.endpoint", "shotflow.assets.s3.region", "shotflow.assets.s3.path-style",
      "shotflow.assets.s3.access-key", "shotflow.assets.s3.secret-key");
  private static final Set<String> SHOTFLOW_SERVICES = Set.of("shotflow-worker", "shotflow-api");
  /** The one service published on every interface: the API, behind its tokens. */
  private static final String PUBLIC_SERVICE = "shotflow-api";
  private static final Pattern SHOTFLOW_ENV = Pattern.compile("(SHOTFLOW|TEMPORAL|DATASOURCES)_[A-Z0-9_]+");

  private static Map<String, Object> compose;
  private static Map<String, Map<String, Object>> services;
  private static ConfigurationKeys keys;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() throws Exception {
    compose = new Yaml().load(Files.readString(REPOSITORY.resolve("docker-compose.yml")));
    services = (Map<String, Map<String, Object>>) compose.get("services");
    keys = ConfigurationKeys.collect(REPOSITORY);
  }

  @Test
  void theKeyCollectionFindsWhatTheApplicationReads() {
    for (String key : List.of("temporal.address", "temporal.namespace", "temporal.api-key", "temporal.tls.cert-file",
        "shotflow.worker.activity-task-slots", "shotflow.security.tokens-file", "shotflow.public-url",
        "shotflow.temporal.encryption-keys-file", "shotflow.embedded-temporal.port", "datasources.default.url",
        "micronaut.server.port", "shotflow.providers.kling.max-concurrent")) {
      assertTrue(keys.contains(key), key + " is among the collected keys");
    }
    assertFalse(keys.contains("shotflow.no-such-key"));
    assertTrue(ConfigurationKeys.propertiesOf("SHOTFLOW_ASSETS_S3_PATH_STYLE").contains("shotflow.assets.s3.path-style"));
  }

  @Test
  void everyServiceHasAnImageOrIsBuiltFromTheDockerfile() {
    for (var service : services.entrySet()) {
      Object build = service.getValue().get("build");
      if (SHOTFLOW_SERVICES.contains(service.getKey())) {
        assertTrue(build instanceof Map<?, ?>, service.getKey() + " is built");
        Map<?, ?> spec = (Map<?, ?>) build;
        assertEquals(".", spec.get("context"), service.getKey());
        assertEquals("Dockerfile", spec.get("dockerfile"), service.getKey());
      } else {
        String image = String.valueOf(service.getValue().get("image"));
        assertTrue(image.matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+"), service.getKey() + " pins its image: " + image);
        assertFalse(image.endsWith(":latest"), service.getKey());
      }
    }
    assertEquals(List.of("worker"), services.get("shotflow-worker").get("command"));
    assertEquals(List.of("api"), services.get("shotflow-api").get("command"));
    assertTrue(services.keySet().containsAll(List.of("postgresql", "temporal", "temporal-setup", "temporal-ui", "minio",
        "minio-setup", "shotflow-worker", "shotflow-api")), services.keySet().toString());
  }

  @Test
  void onlyTheApiIsPublishedBeyondLoopback() {
    for (var service : services.entrySet()) {
      for (String port : strings(service.getValue().get("ports"))) {
        if (service.getKey().equals(PUBLIC_SERVICE)) {
          assertTrue(port.matches("(\\d+:)?\\d+"), port);
        } else {
          assertTrue(port.matches("127\\.0\\.0\\.1:\\d+:\\d+"), service.getKey() + " publishes " + port
              + " beyond 127.0.0.1");
        }
      }
    }
    assertEquals(List.of("127.0.0.1:7233:7233"), strings(services.get("temporal").get("ports")), "Temporal's frontend");
    assertEquals(List.of("127.0.0.1:8233:8080"), strings(services.get("temporal-ui").get("ports")), "the Temporal UI");
    assertEquals(List.of("8080:8080"), strings(services.get(PUBLIC_SERVICE).get("ports")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void volumesAreDeclaredOrAreFilesOfThisRepository() {
    Map<String, Object> declared = (Map<String, Object>) compose.getOrDefault("volumes", Map.of());
    Set<String> used = new java.util.TreeSet<>();
    for (var service : services.entrySet()) {
      for (String volume : strings(service.getValue().get("volumes"))) {
        String source = volume.split(":")[0];
        if (source.startsWith("./")) {
          assertTrue(Files.isRegularFile(REPOSITORY.resolve(source)), service.getKey() + " mounts " + source);
        } else {
          assertTrue(declared.containsKey(source), service.getKey() + " uses undeclared volume " + source);
          used.add(source);
        }
      }
    }
    assertEquals(declared.keySet(), used, "every declared volume is used");
    assertTrue(strings(services.get("postgresql").get("volumes")).contains("postgres-data:/var/lib/postgresql/data"),
        "Temporal's and the catalog's database outlive the container");
    for (String shotflow : SHOTFLOW_SERVICES) {
      assertTrue(strings(services.get(shotflow).get("volumes")).contains("shotflow-data:/app/data"),
          shotflow + " keeps data/ (the generated payload key) on the shared volume");
    }
  }

  @Test
  void dependenciesNameServicesAndWaitForWhatTheyNeed() {
    for (var service : services.entrySet()) {
      Object dependsOn = service.getValue().get("depends_on");
      Map<String, String> conditions = new LinkedHashMap<>();
      if (dependsOn instanceof List<?> list) {
        list.forEach(name -> conditions.put(String.valueOf(name), "service_started"));
      } else if (dependsOn instanceof Map<?, ?> map) {
        map.forEach((name, spec) -> conditions.put(String.valueOf(name),
            String.valueOf(((Map<?, ?>) spec).get("condition"))));
      }
      conditions.forEach((name, condition) -> {
        assertTrue(services.containsKey(name), service.getKey() + " depends on unknown " + name);
        if (condition.equals("service_healthy")) {
          assertNotNull(services.get(name).get("healthcheck"), name + " needs a healthcheck for " + service.getKey());
        } else {
          assertTrue(Set.of("service_started", "service_completed_successfully").contains(condition), condition);
        }
      });
    }
    for (String shotflow : SHOTFLOW_SERVICES) {
      Map<?, ?> dependsOn = (Map<?, ?>) services.get(shotflow).get("depends_on");
      assertEquals(Set.of("temporal-setup", "minio-setup", "postgresql"), dependsOn.keySet(), shotflow);
    }
  }

  @Test
  void everyShotflowEnvironmentKeyIsAKeyTheApplicationReads() {
    for (String shotflow : SHOTFLOW_SERVICES) {
      Map<?, ?> environment = (Map<?, ?>) services.get(shotflow).get("environment");
      List<String> unknown = new ArrayList<>();
      for (Object name : environment.keySet()) {
        String variable = String.valueOf(name);
        assertTrue(SHOTFLOW_ENV.matcher(variable).matches(), shotflow + ": " + variable
            + " is not a Shotflow configuration variable");
        List<String> properties = ConfigurationKeys.propertiesOf(variable);
        if (properties.stream().noneMatch(p -> keys.contains(p) || S3_KEYS.contains(p))) {
          unknown.add(variable);
        }
      }
      assertEquals(List.of(), unknown, shotflow + ": environment variables that set no key the application reads");
      for (String s3 : S3_KEYS) {
        String variable = s3.toUpperCase().replace('.', '_').replace('-', '_');
        assertTrue(environment.containsKey(variable), shotflow + " sets " + variable);
      }
      assertEquals("s3", environment.get("SHOTFLOW_ASSETS_STORE"));
    }
  }

  @Test
  void theAddressesInTheEnvironmentNameComposeServices() {
    Map<?, ?> environment = (Map<?, ?>) services.get("shotflow-api").get("environment");
    assertEquals("temporal:7233", environment.get("TEMPORAL_ADDRESS"));
    assertTrue(services.containsKey(URI.create(String.valueOf(environment.get("SHOTFLOW_ASSETS_S3_ENDPOINT"))).getHost()));
    String jdbc = String.valueOf(environment.get("DATASOURCES_DEFAULT_URL"));
    assertTrue(jdbc.startsWith("jdbc:postgresql://postgresql:5432/"), jdbc);
    String bucket = String.valueOf(environment.get("SHOTFLOW_ASSETS_S3_BUCKET"));
    String setup = String.join(" ", strings(services.get("minio-setup").get("command")));
    assertTrue(setup.contains("mc mb --ignore-existing store/" + bucket), "minio-setup creates the bucket: " + setup);
    String temporalInit = String.join(" ", strings(services.get("temporal-setup").get("command")));
    for (SearchAttributeKey<?> key : SearchAttributes.ALL) {
      String type = switch (key.getValueType()) {
        case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
        case INDEXED_VALUE_TYPE_BOOL -> "Bool";
        case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
        case INDEXED_VALUE_TYPE_INT -> "Int";
        default -> key.getValueType().name();
      };
      assertTrue(temporalInit.contains(key.getName() + ":" + type), "temporal-setup registers " + key.getName());
    }
  }

  @Test
  void theDockerfileBuildsWithTheWrapperAndRunsAsNonRootWithAHealthCheck() throws Exception {
    List<String> instructions = instructions(Files.readString(REPOSITORY.resolve("Dockerfile")));
    List<Integer> froms = new ArrayList<>();
    for (int i = 0; i < instructions.size(); i++) {
      if (instructions.get(i).startsWith("FROM ")) {
        froms.add(i);
      }
    }
    assertTrue(froms.size() >= 2, "multi-stage");
    assertTrue(instructions.get(froms.get(0)).matches("FROM eclipse-temurin:17-jdk\\S* AS build"),
        instructions.get(froms.get(0)));
    List<String> build = instructions.subList(froms.get(0), froms.get(1));
    assertTrue(build.stream().anyMatch(i -> i.startsWith("RUN ") && i.contains("./mvnw ") && i.contains(" package")),
        "the build stage runs the Maven Wrapper");
    List<String> runtime = instructions.subList(froms.get(froms.size() - 1), instructions.size());
    assertTrue(runtime.get(0).matches("FROM eclipse-temurin:17-jre\\S*"), runtime.get(0));
    assertTrue(runtime.stream().anyMatch(i -> i.matches("COPY --from=build \\S*shotflow\\.jar /app/shotflow\\.jar")));
    String user = runtime.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
    assertFalse(user.matches("USER (root|0)(:.*)?"), "runs as " + user);
    String health = runtime.stream().filter(i -> i.startsWith("HEALTHCHECK ")).findFirst().orElse("");
    assertTrue(health.contains("/app/healthcheck.sh"), health);
    assertTrue(runtime.contains("COPY deploy/healthcheck.sh /app/healthcheck.sh"));
    String script = Files.readString(REPOSITORY.resolve("deploy/healthcheck.sh"));
    assertTrue(script.contains("GET /health HTTP/1.0") && script.contains("worker|temporal-server) exit 0"), script);
    assertTrue(runtime.contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/shotflow.jar\"]"), runtime.toString());
    assertTrue(runtime.contains("CMD [\"api\"]"));
    assertTrue(runtime.contains("WORKDIR /app"), "relative data/ paths land in the /app/data volume");
    assertTrue(Files.readString(REPOSITORY.resolve(".dockerignore")).contains("**/target/"),
        "nothing built on the host goes into the image");
  }

  /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
  private static List<String> instructions(String dockerfile) {
    List<String> result = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : dockerfile.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
      } else {
        current.append(trimmed);
        result.add(current.toString().replaceAll("\\s+", " "));
        current.setLength(0);
      }
    }
    return result;
  }

  private static List<String> strings(Object node) {
    List<String> values = new ArrayList<>();
    if (node instanceof List<?> list) {
      list.forEach(v -> values.add(String.valueOf(v)));
    }
    return values;
  }
}
