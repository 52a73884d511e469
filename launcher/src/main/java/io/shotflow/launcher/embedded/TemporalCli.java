package io.shotflow.launcher.embedded;

import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Which Temporal CLI {@code run} and {@code serve} start as their durable local server ({@link DevTemporalServer}):
 * {@code shotflow.embedded-temporal.cli} unset looks for {@code temporal} on the {@code PATH}; {@code none} means the
 * in-memory server; a bare name is looked up on the {@code PATH}; anything else is a path to the executable, which
 * must exist.
 */
public final class TemporalCli {

  public static final String KEY = "shotflow.embedded-temporal.cli";
  public static final String NONE = "none";
  private static final String DEFAULT_NAME = "temporal";

  private TemporalCli() {}

  /** The executable to start, or empty for the in-memory server. */
  public static Optional<Path> find(@Nullable String configured, @Nullable String pathVariable) {
    String value = configured == null ? "" : configured.trim();
    if (value.equalsIgnoreCase(NONE)) {
      return Optional.empty();
    }
    if (value.isEmpty()) {
      return onPath(DEFAULT_NAME, pathVariable);
    }
    if (!value.contains("/") && !value.contains(File.separator)) {
      return Optional.of(onPath(value, pathVariable).orElseThrow(() -> new ConfigurationException(
          KEY + ": no executable named " + value + " on the PATH (use a path, or 'none' for the in-memory server)")));
    }
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw new ConfigurationException(KEY + ": not a path: " + value);
    }
    if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
      throw new ConfigurationException(KEY + ": " + value + " is not an executable file "
          + "(use 'none' for the in-memory server)");
    }
    return Optional.of(path.toAbsolutePath());
  }

  private static Optional<Path> onPath(String name, @Nullable String pathVariable) {
    if (pathVariable == null || pathVariable.isBlank()) {
      return Optional.empty();
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      for (String candidate : windows ? new String[] {name + ".exe", name} : new String[] {name}) {
        try {
          Path file = Path.of(dir, candidate);
          if (Files.isRegularFile(file) && Files.isExecutable(file)) {
            return Optional.of(file.toAbsolutePath());
          }
        } catch (InvalidPathException e) {
          // a PATH entry that is not a path on this system names no executable
        }
      }
    }
    return Optional.empty();
  }
}
