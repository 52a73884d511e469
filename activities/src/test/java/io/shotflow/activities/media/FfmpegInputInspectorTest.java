package io.shotflow.activities.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.testing.TestMedia;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegInputInspectorTest {

  @TempDir Path dir;

  private final FfmpegInputInspector inspector = new FfmpegInputInspector();

  @Test
  void acceptsAGoodPngAndJpeg() throws Exception {
    assertEquals(List.of(), inspector.inspectImage(TestMedia.png(dir.resolve("ok.png"),
        TestMedia.picture(1280, 720, Color.BLUE, Color.CYAN))));
    assertEquals(List.of(), inspector.inspectImage(TestMedia.jpg(dir.resolve("ok.jpg"),
        TestMedia.picture(720, 1280, Color.RED, Color.YELLOW))));
  }

  @Test
  void namesTheProblemsOfBadImages() throws Exception {
    List<String> small = inspector.inspectImage(TestMedia.png(dir.resolve("small.png"),
        TestMedia.picture(200, 200, Color.BLUE, Color.CYAN)));
    assertEquals(1, small.size());
    assertTrue(small.get(0).contains("200x200") && small.get(0).contains("300 px"), small.get(0));

    List<String> wide = inspector.inspectImage(TestMedia.png(dir.resolve("wide.png"),
        TestMedia.picture(1600, 400, Color.BLUE, Color.CYAN)));
    assertEquals(1, wide.size());
    assertTrue(wide.get(0).contains("aspect ratio 1600:400"), wide.get(0));

    Path text = Files.writeString(dir.resolve("fake.png"), "not an image at all");
    assertEquals(List.of("the file is not a JPEG or PNG image"), inspector.inspectImage(text));
    assertEquals(List.of("the image file does not exist"), inspector.inspectImage(dir.resolve("missing.png")));
  }

  @Test
  void checksDialogueAudio() throws Exception {
    Path wav = TestMedia.wav(dir.resolve("line.wav"), 3.0, 44_100, 1);
    assertEquals(List.of(), inspector.inspectAudio(wav, 2, 60));

    List<String> tooShort = inspector.inspectAudio(TestMedia.wav(dir.resolve("short.wav"), 1.0, 48_000, 2), 2, 60);
    assertEquals(List.of("the audio is 1.0 s long; it must be 2–60 s"), tooShort);

    Path png = TestMedia.png(dir.resolve("picture.png"), TestMedia.picture(400, 400, Color.BLUE, Color.CYAN));
    assertTrue(inspector.inspectAudio(png, 2, 60).get(0).startsWith("the file is not WAV, MP3, M4A or AAC audio"));
    Path text = Files.writeString(dir.resolve("notes.wav"), "hello");
    assertEquals(List.of("the file is not WAV, MP3, M4A or AAC audio"), inspector.inspectAudio(text, 2, 60));
  }
}
