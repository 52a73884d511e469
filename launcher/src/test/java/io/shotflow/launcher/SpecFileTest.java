package io.shotflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.spec.SpecError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code file:} references stay inside the spec's folder unless {@code --allow-files-outside-spec-folder}. */
class SpecFileTest {

  @TempDir Path work;
  private Path specs;

  @BeforeEach
  void files() throws Exception {
    specs = Files.createDirectories(work.resolve("specs"));
    Files.createDirectories(specs.resolve("frames"));
    Files.write(specs.resolve("frames").resolve("inside.png"), new byte[] {1});
    Files.write(work.resolve("secret.png"), new byte[] {2});
    Files.createSymbolicLink(specs.resolve("link.png"), work.resolve("secret.png"));
  }

  private Path spec(String image) throws Exception {
    return Files.writeString(specs.resolve("spec.yaml"), """
        title: Confined
        shots:
          - id: one
            prompt: "Push in"
            start_frame: { image: "%s" }
        """.formatted(image));
  }

  private List<SpecError> problems(String image, boolean allowOutside) throws Exception {
    return new SpecFile(spec(image), allowOutside).problems();
  }

  @Test
  void aFileInsideTheSpecsFolderIsAccepted() throws Exception {
    assertEquals(List.of(), problems("file:frames/inside.png", false));
    assertEquals(List.of(), problems("file:frames/../frames/inside.png", false));
  }

  @Test
  void dotDotAnAbsolutePathElsewhereAndASymlinkOutAreRefusedNamingTheField() throws Exception {
    for (String image : List.of("file:../secret.png", "file:" + work.resolve("secret.png"), "file:link.png")) {
      List<SpecError> problems = problems(image, false);
      assertEquals(1, problems.size(), image + ": " + problems);
      assertEquals("shots[0].start_frame.image", problems.get(0).field());
      assertEquals("one", problems.get(0).shot());
      assertTrue(problems.get(0).message().contains("outside the spec's folder"), problems.get(0).message());
    }
    assertTrue(problems("file:link.png", false).get(0).message().contains("is a symbolic link to "
        + work.resolve("secret.png").toRealPath()));
  }

  @Test
  void theFlagAllowsFilesAnywhere() throws Exception {
    assertEquals(List.of(), problems("file:../secret.png", true));
    assertEquals(List.of(), problems("file:link.png", true));
  }

  @Test
  void runExitsTwoNamingTheFieldAndStartsNothing() throws Exception {
    Path spec = spec("file:../secret.png");
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
    assertTrue(message.contains("shots[0].start_frame.image (shot one): " + work.resolve("secret.png")
        + " is outside the spec's folder"), message);
    assertFalse(Files.exists(work.resolve("o")), "no output was written");
  }
}
