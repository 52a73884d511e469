package io.shotflow.provider.local;

import static io.shotflow.testing.TestMedia.picture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.media.MediaProbe;
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
}
