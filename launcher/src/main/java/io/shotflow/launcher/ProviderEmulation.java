package io.shotflow.launcher;

import io.shotflow.emulator.ProviderEmulators;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code --emulate-providers}: every provider emulator on loopback with fresh credentials, in a temporary folder removed
 * on close, and the settings that point the adapters at them. The API's own loopback address becomes
 * {@code shotflow.public-url}, so the emulators fetch inputs through signed asset URLs and post their webhooks back.
 */
final class ProviderEmulation implements AutoCloseable {

  private final ProviderEmulators emulators;
  private final Path folder;

  private ProviderEmulation(ProviderEmulators emulators, Path folder) {
    this.emulators = emulators;
    this.folder = folder;
  }

  static ProviderEmulation start() {
    try {
      Path folder = Files.createTempDirectory("shotflow-emulators");
      return new ProviderEmulation(ProviderEmulators.start(folder), folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the provider emulators", e);
    }
  }

  /** The emulators' settings plus {@code shotflow.public-url} for an API on {@code apiPort}. */
  Map<String, Object> properties(int apiPort) {
    Map<String, Object> props = new TreeMap<>(emulators.properties());
    props.put("shotflow.public-url", "http://127.0.0.1:" + apiPort);
    return props;
  }

  /** Which emulator runs where, one line per provider. */
  void print(PrintStream out) {
    out.println("Provider emulators (offline stand-ins for the real APIs, fresh credentials for this run):");
    new TreeMap<>(emulators.properties()).forEach((key, value) -> {
      if (key.startsWith("shotflow.providers.") && key.endsWith(".base-url")) {
        String provider = key.substring("shotflow.providers.".length(), key.length() - ".base-url".length());
        out.printf("  %-10s %s%n", provider, value);
      }
    });
    out.println("Use them with provider: <name> in a spec (a budget_usd is required for paid providers).");
  }

  @Override
  public void close() {
    emulators.close();
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
