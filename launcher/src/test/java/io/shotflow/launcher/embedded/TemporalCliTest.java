package io.shotflow.launcher.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.exceptions.ConfigurationException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporalCliTest {

  @TempDir Path dir;

  @Test
  void unsetFindsTemporalOnThePathAndNoneForcesTheInMemoryServer() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path cli = executable(bin.resolve("temporal"));
    String path = dir.resolve("empty") + File.pathSeparator + bin;

    assertEquals(Optional.of(cli.toAbsolutePath()), TemporalCli.find(null, path));
    assertEquals(Optional.of(cli.toAbsolutePath()), TemporalCli.find("  ", path));
    assertEquals(Optional.empty(), TemporalCli.find("none", path));
    assertEquals(Optional.empty(), TemporalCli.find(null, dir.resolve("empty").toString()), "no CLI: in-memory");
    assertEquals(Optional.empty(), TemporalCli.find(null, null));
  }

  @Test
  void aPathNamesTheExecutableAndABadOneFailsNamingTheKey() throws Exception {
    Path cli = executable(dir.resolve("my-temporal"));
    assertEquals(Optional.of(cli.toAbsolutePath()), TemporalCli.find(cli.toString(), null));

    ConfigurationException missing = assertThrows(ConfigurationException.class,
        () -> TemporalCli.find(dir.resolve("nope").toString(), null));
    assertTrue(missing.getMessage().startsWith("shotflow.embedded-temporal.cli: "), missing.getMessage());

    Path notExecutable = Files.writeString(dir.resolve("plain"), "");
    assertThrows(ConfigurationException.class, () -> TemporalCli.find(notExecutable.toString(), null));
    ConfigurationException noSuchName = assertThrows(ConfigurationException.class,
        () -> TemporalCli.find("temporal-nightly", dir.toString()));
    assertTrue(noSuchName.getMessage().contains("no executable named temporal-nightly"), noSuchName.getMessage());
  }

  @Test
  void aRecordedChildLeftRunningIsStoppedAtTheNextStartAndAReusedPidIsLeftAlone() throws Exception {
    Process orphan = new ProcessBuilder("sleep", "300").start();
    try {
      PidFile pids = new PidFile(dir.resolve("temporal.pid"));
      pids.record(orphan.toHandle());
      assertTrue(pids.recordedAlive().isPresent());

      assertTrue(pids.stopRecorded());
      assertTrue(orphan.waitFor(PidFile.STOP_GRACE.plusSeconds(5).toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
      assertFalse(Files.exists(pids.path()));
      assertFalse(pids.stopRecorded(), "nothing left to stop");
    } finally {
      orphan.destroyForcibly();
    }

    Process other = new ProcessBuilder("sleep", "300").start();
    try {
      // the same PID, started at another time: the system reused the number for something else
      Files.writeString(dir.resolve("reused.pid"), "pid=" + other.pid() + "\nstarted=2001-01-01T00\\:00\\:00Z\n");
      PidFile reused = new PidFile(dir.resolve("reused.pid"));
      assertFalse(reused.stopRecorded());
      assertFalse(other.waitFor(Duration.ofMillis(300).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS),
          "left running");
    } finally {
      other.destroyForcibly();
    }
  }

  private static Path executable(Path file) throws Exception {
    Files.writeString(file, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }
}
