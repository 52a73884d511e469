package io.shotflow.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and package rules: modules depend one way (each only on the modules listed for it below), no package
 * spans two modules, packages form no cycle, and the deterministic modules stay free of Micronaut and native media.
 * Production classes only; a module is recognised by the folder or jar its classes come from.
 */
class ArchitectureTest {

  /** What each module may use, directly or through another module. */
  private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
      Map.entry("model", Set.of()),
      Map.entry("workflows", Set.of("model")),
      Map.entry("catalog", Set.of("model")),
      Map.entry("assets", Set.of("model")),
      Map.entry("platform", Set.of("model")),
      Map.entry("activities", Set.of("model", "catalog", "assets", "platform")),
      Map.entry("emulators", Set.of("model", "catalog", "assets", "platform", "activities")),
      Map.entry("worker", Set.of("model", "workflows", "catalog", "assets", "platform", "activities")),
      Map.entry("api", Set.of("model", "catalog", "assets", "platform")),
      Map.entry("bench", Set.of("model", "workflows", "catalog", "assets", "platform", "activities", "emulators",
          "worker", "api")),
      Map.entry("launcher", Set.of("model", "workflows", "catalog", "assets", "platform", "activities", "emulators",
          "worker", "api", "bench")));

  private static final Pattern MODULE = Pattern.compile("/([a-z-]+)/target/classes/|/([a-z-]+)-\\d[^/]*\\.jar");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("io.shotflow");
    // every module's production classes are on this module's test class path
    Set<String> found = new TreeSet<>();
    for (JavaClass c : classes) {
      found.add(moduleOf(c));
    }
    assertEquals(new TreeSet<>(ALLOWED.keySet()), found, "modules whose classes were found");
  }

  @Test
  void modulesDependOnlyOnTheModulesBelowThem() {
    Set<String> violations = new TreeSet<>();
    for (JavaClass c : classes) {
      String from = moduleOf(c);
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass().getBaseComponentType();
        if (!target.getPackageName().startsWith("io.shotflow") || !target.getSource().isPresent()) {
          continue;
        }
        String to = moduleOf(target);
        if (!to.equals(from) && !ALLOWED.get(from).contains(to)) {
          violations.add(from + " -> " + to + ": " + c.getName() + " uses " + target.getName());
        }
      }
    }
    assertTrue(violations.isEmpty(), "module dependencies against the rules:\n" + String.join("\n", violations));
  }

  @Test
  void noPackageSpansTwoModules() {
    Map<String, Set<String>> modulesByPackage = new TreeMap<>();
    for (JavaClass c : classes) {
      modulesByPackage.computeIfAbsent(c.getPackageName(), p -> new TreeSet<>()).add(moduleOf(c));
    }
    List<String> split = new ArrayList<>();
    modulesByPackage.forEach((pkg, modules) -> {
      if (modules.size() > 1) {
        split.add(pkg + " in " + modules);
      }
    });
    assertTrue(split.isEmpty(), "packages split across modules:\n" + String.join("\n", split));
  }

  @Test
  void packagesFormNoCycle() {
    slices().matching("io.shotflow.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void theModelAndTheWorkflowsUseNeitherMicronautNorNativeMedia() {
    ArchRuleDefinition.noClasses()
        .that().resideInAnyPackage("io.shotflow.workflows..", "io.shotflow.spec..", "io.shotflow.provider..",
            "io.shotflow.media..", "io.shotflow.review..", "io.shotflow.shot..", "io.shotflow.storyboard..",
            "io.shotflow.activity..", "io.shotflow.temporal..")
        .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "org.bytedeco..", "jakarta.inject..")
        .check(classes);
  }

  private static String moduleOf(JavaClass c) {
    String uri = c.getSource().orElseThrow().getUri().toString();
    Matcher m = MODULE.matcher(uri);
    if (!m.find()) {
      throw new IllegalStateException("cannot tell the module of " + c.getName() + " from " + uri);
    }
    return m.group(1) != null ? m.group(1) : m.group(2);
  }
}
