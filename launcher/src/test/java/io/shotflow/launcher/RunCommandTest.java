package io.shotflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `./shotflow run` end to end, in-process: the README's main command on the shipped example. */
class RunCommandTest {

  private static final Path EXAMPLES = Path.of("..", "examples");

  @TempDir Path work;

  @BeforeEach
  void isolateData() {
    System.setProperty("shotflow.assets.root", work.resolve("assets").toString());
    // the in-memory server even where the Temporal CLI is installed (DevTemporalServerTest covers the CLI)
    System.setProperty("shotflow.embedded-temporal.cli", "none");
    System.setProperty("shotflow.providers.local.jobs-dir", work.resolve("local-jobs").toString());
    System.setProperty("shotflow.security.generated-tokens-file", work.resolve("api-tokens.yaml").toString());
    System.setProperty("shotflow.temporal.generated-encryption-keys-file", work.resolve("temporal-payload-keys").toString());
    System.setProperty("datasources.default.url",
        "jdbc:h2:file:" + work.resolve("db/shotflow") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
  }

  @AfterEach
  void clear() {
    System.clearProperty("shotflow.assets.root");
    System.clearProperty("shotflow.embedded-temporal.cli");
    System.clearProperty("shotflow.providers.local.jobs-dir");
    System.clearProperty("shotflow.security.generated-tokens-file");
    System.clearProperty("shotflow.temporal.generated-encryption-keys-file");
    System.clearProperty("datasources.default.url");
  }

  @Test
  void perShotFilesStayInsideTheOutputFolder() {
    assertEquals(work.resolve("out/shots/a.mp4").toAbsolutePath().normalize(),
        RunCommand.mediaPath(work.resolve("out"), "shots/a.mp4"));
    assertThrows(IllegalArgumentException.class, () -> RunCommand.mediaPath(work.resolve("out"), "../x.mp4"));
    assertThrows(IllegalArgumentException.class, () -> RunCommand.mediaPath(work.resolve("out"), "/etc/x"));
  }

  @Test
  void writesTheFinalCutAndExportsForTheThreeShotExample() throws Exception {
    Path out = work.resolve("out");

    int code = new CommandLine(new Shotflow())
        .execute("run", EXAMPLES.resolve("watch-reveal.yaml").toString(), "--auto-approve", "--out", out.toString());

    assertEquals(0, code);
    for (String file : RunCommand.OUTPUT_FILES.values()) {
      assertTrue(Files.size(out.resolve(file)) > 0, file + " written");
    }
    for (String file : List.of("shots/reveal.mp4", "shots/closeup.mp4", "shots/wrist.mp4", "audio/wrist.wav",
        "takes/reveal/clip-a1-v2.mp4")) {
      assertTrue(Files.size(out.resolve(file)) > 0, file + " written: the per-shot media the timelines reference");
    }
    String manifestText = Files.readString(out.resolve("manifest.json"));
    assertTrue(manifestText.contains("\"policy\" : \"--auto-approve\""), "the CLI's approvals are marked automatic");
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(out.resolve("final.mp4").toFile())) {
      grabber.start();
      assertEquals(1280, grabber.getImageWidth());
      assertEquals(720, grabber.getImageHeight());
      assertEquals(24.0, grabber.getFrameRate(), 0.01);
      // reveal 5 s + closeup 5 s with one 5 s extend + wrist 5 s
      assertEquals(20.0, grabber.getLengthInTime() / 1e6, 0.1);
      assertTrue(grabber.getAudioChannels() > 0, "final cut has an audio track");
    }
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertEquals(3, manifest.path("shots").size());
  }

  @Test
  void anInvalidSpecNamesTheFieldsExitsTwoAndStartsNothing() throws Exception {
    Path spec = work.resolve("bad.yaml");
    Files.writeString(spec, """
        title: Broken
        shots:
          - id: one
            prompt: "Push in"
            duration: 7
            start_frame: { from: two }
            colour: red
          - id: two
            prompt: "Pull out"
            start_frame: { prompt: "A room" }
        """);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new Shotflow()).execute("run", spec.toString(), "--auto-approve", "--out", work.resolve("o").toString());
    } finally {
      System.setErr(originalErr);
    }

    assertEquals(ExitCodes.INVALID_SPEC, code);
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("colour"), message);
    assertFalse(Files.exists(work.resolve("db")), "no database was opened");
    assertFalse(Files.exists(work.resolve("o")), "no output was written");
  }

  @Test
  void aSpecThatIsNotUtf8IsAnInvalidSpec() throws Exception {
    Path spec = work.resolve("latin1.yaml");
    Files.write(spec, "title: Caf\u00e9\nshots: [{id: a, prompt: p, start_frame: {prompt: x}}]\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new Shotflow()).execute("run", spec.toString(), "--out", work.resolve("o").toString());
    } finally {
      System.setErr(originalErr);
    }

    assertEquals(ExitCodes.INVALID_SPEC, code);
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(message.contains("not valid UTF-8 (a malformed byte sequence at byte 10)"), message);
    assertFalse(Files.exists(work.resolve("db")), "no database was opened");
  }

  @Test
  void emulatedProvidersRunAKlingStoryboardOffline() throws Exception {
    Path spec = work.resolve("kling.yaml");
    Files.writeString(spec, """
        title: Kling offline
        provider: kling
        fallback_providers: [fal]
        budget_usd: 2
        shots:
          - id: reveal
            prompt: "Camera pushes in as the lid lifts"
            start_frame: { prompt: "A closed matte-black box on a pedestal" }
        """);
    Path out = work.resolve("kling-out");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new CommandLine(new Shotflow())
          .execute("run", spec.toString(), "--auto-approve", "--emulate-providers", "--out", out.toString());
    } finally {
      System.setOut(originalOut);
    }

    String console = printed.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, console);
    assertTrue(console.matches("(?s).*kling +http://127\\.0\\.0\\.1:\\d+.*"), console);
    assertTrue(console.matches("(?s).*fal +http://127\\.0\\.0\\.1:\\d+.*"), console);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(out.resolve("final.mp4").toFile())) {
      grabber.start();
      assertEquals(5.0, grabber.getLengthInTime() / 1e6, 0.1);
    }
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertTrue(manifest.toString().contains("\"kling\""), "the takes came from the Kling emulator: " + manifest);
  }
}
