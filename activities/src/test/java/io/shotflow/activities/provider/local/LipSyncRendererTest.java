package io.shotflow.activities.provider.local;

import static io.shotflow.testing.TestMedia.picture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activities.media.MediaProbe;
import io.shotflow.testing.TestMedia;
import java.awt.Color;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LipSyncRendererTest {

  @TempDir Path dir;

  private Path source;

  @BeforeEach
  void clip() throws Exception {
    source = dir.resolve("source.mp4");
    new ClipRenderer().render(new ClipRenderer.Clip(picture(320, 180, Color.DARK_GRAY, Color.LIGHT_GRAY), null,
        320, 180, 24, 48, 1L, 1L, "talk · CLIP v1"), source, n -> {});
  }

  @Test
  void longerDialogueIsCutToTheVideo() throws Exception {
    Path wav = TestMedia.wav(dir.resolve("line.wav"), 3.0, 44_100, 1);
    Path out = dir.resolve("synced.mp4");

    LipSyncRenderer.Result result = new LipSyncRenderer().render(source, wav, out, n -> {});

    MediaProbe.Info info = MediaProbe.probe(out);
    assertEquals(48, info.frames());
    assertEquals(2.0, info.durationSeconds(), 1e-9);
    assertEquals(320, info.width());
    assertTrue(info.hasAudio(), "the dialogue is muxed in");
    assertEquals(2.0, info.audioDurationSeconds(), 0.05);
    assertTrue(result.openFrames() > 5 && result.openFrames() < 48,
        "the mouth follows the pulsing loudness: open in " + result.openFrames() + " of 48 frames");
  }

  @Test
  void shorterDialogueIsPaddedWithSilence() throws Exception {
    Path wav = TestMedia.wav(dir.resolve("short.wav"), 0.5, 48_000, 2);
    Path out = dir.resolve("synced.mp4");

    new LipSyncRenderer().render(source, wav, out, n -> {});

    MediaProbe.Info info = MediaProbe.probe(out);
    assertEquals(48, info.frames());
    assertTrue(info.hasAudio());
    assertEquals(2.0, info.audioDurationSeconds(), 0.05);
  }

  @Test
  void theMouthOpensWhenItIsLoud() throws Exception {
    Path wav = TestMedia.wav(dir.resolve("line.wav"), 2.0, 48_000, 1);
    Path out = dir.resolve("synced.mp4");
    new LipSyncRenderer().render(source, wav, out, n -> {});

    var frames = TestMedia.frames(out);
    // the test tone's envelope is sin(2π·2.5·t): loud at t = 0.1 s (frame 2), silent at t = 0.4 s (frame 10)
    var loud = frames.get(2).getSubimage(128, 104, 64, 30);
    var quiet = frames.get(10).getSubimage(128, 104, 64, 30);
    assertTrue(TestMedia.meanDifference(TestMedia.copy(loud), TestMedia.copy(quiet)) > 10);
  }

  @Test
  void aLineOfTextIsSpokenCaptionedAndMouthed() throws Exception {
    Path longer = dir.resolve("longer.mp4");
    new ClipRenderer().render(new ClipRenderer.Clip(picture(320, 180, Color.DARK_GRAY, Color.LIGHT_GRAY), null,
        320, 180, 24, 96, 1L, 1L, "talk · CLIP v1"), longer, n -> {});
    String text = "Hello there, how are you today?";
    SpokenLine line = new SpokenLine(text, 1.0, 2);
    // 9 syllables at 4.5 a second, a lead-in and two pauses: about 2.7 s, well inside the 4 s clip
    assertEquals(2.7, line.seconds(), 0.4);
    Path out = dir.resolve("spoken.mp4");

    LipSyncRenderer.Result result = new LipSyncRenderer().renderText(longer, text, 1.0, out, n -> {});

    MediaProbe.Info info = MediaProbe.probe(out);
    assertEquals(96, info.frames());
    assertEquals(4.0, info.durationSeconds(), 1e-9);
    assertTrue(info.hasAudio(), "the spoken line is the sound track");
    assertEquals(4.0, info.audioDurationSeconds(), 0.05);
    int spokenFrames = (int) Math.ceil(line.seconds() * 24);
    assertTrue(result.openFrames() > 10 && result.openFrames() < spokenFrames,
        "the mouth moves with the syllables while the line lasts: open in " + result.openFrames() + " frames");

    double[] loudness = new double[4];
    try (var audio = new io.shotflow.activities.media.AudioReader(out, 1)) {
      float[] second = new float[48_000];
      for (int s = 0; s < 4; s++) {
        audio.read(second, second.length);
        loudness[s] = LipSyncRenderer.loudness(second, second.length);
      }
    }
    assertTrue(loudness[0] > 0.5 && loudness[1] > 0.5, "the line is heard: " + java.util.Arrays.toString(loudness));
    assertEquals(0.0, loudness[3], 1e-6, "silence once it is said");

    var frames = TestMedia.frames(out);
    var plain = TestMedia.frames(longer);
    var caption = frames.get(60).getSubimage(40, 8, 240, 24);
    assertTrue(TestMedia.meanDifference(TestMedia.copy(caption), TestMedia.copy(plain.get(60).getSubimage(40, 8, 240, 24))) > 10,
        "the caption is drawn over the picture");
  }
}
