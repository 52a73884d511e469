package io.shotflow.activities.media;

import static io.shotflow.testing.TestMedia.picture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shotflow.activities.provider.local.ClipRenderer;
import io.shotflow.activities.provider.local.LipSyncRenderer;
import io.shotflow.asset.FileAssetStore;
import io.shotflow.media.AssetRef;
import io.shotflow.media.VideoFormat;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.testing.TestMedia;
import java.awt.Color;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The final mix's loudness, measured on {@code final.mp4} with FFmpeg's ebur128 (true peak on). */
class LoudnessTest {

  @TempDir Path dir;

  private FileAssetStore store;
  private AssetRef silentClip;
  private AssetRef quietLine;
  private AssetRef loudLine;
  private AssetRef clickyLine;

  @BeforeEach
  void clips() throws Exception {
    store = new FileAssetStore(dir.resolve("assets"));
    Path silent = dir.resolve("silent.mp4");
    new ClipRenderer().render(new ClipRenderer.Clip(picture(160, 90, Color.BLUE, Color.CYAN), null, 160, 90, 24, 48,
        1L, 1L, "silent"), silent, n -> {});
    silentClip = store.put(silent, "video/mp4");
    quietLine = talking(silent, "quiet", 0.02);
    loudLine = talking(silent, "loud", 0.95);
    clickyLine = talking(silent, "clicky", 0.02, 0.9);
  }

  private AssetRef talking(Path video, String name, double amplitude) throws Exception {
    return talking(video, name, amplitude, 0);
  }

  private AssetRef talking(Path video, String name, double amplitude, double clicks) throws Exception {
    Path out = dir.resolve(name + ".mp4");
    new LipSyncRenderer().render(video, TestMedia.wav(dir.resolve(name + ".wav"), 1.5, 44_100, 1, amplitude, clicks),
        out, n -> {});
    return store.put(out, "video/mp4");
  }

  @Test
  void theInputsAreFarFromTheTargetsAndApart() throws Exception {
    LoudnessMeter.Loudness quiet = LoudnessMeter.measure(store.path(quietLine.id()));
    LoudnessMeter.Loudness loud = LoudnessMeter.measure(store.path(loudLine.id()));

    assertTrue(quiet.integratedLufs() < -35, "quiet line: " + quiet);
    assertTrue(loud.integratedLufs() > -12, "loud line: " + loud);
    assertTrue(LoudnessMeter.measure(store.path(silentClip.id())).silent());
  }

  @Test
  void aMixOfQuietAndLoudDialogueLandsOnMinus16WithTruePeakUnderMinus1() throws Exception {
    LoudnessMeter.Loudness mix = finalCut(null, quietLine, silentClip, loudLine);

    assertEquals(-16.0, mix.integratedLufs(), 1.0, mix.toString());
    assertTrue(mix.truePeakDbtp() <= -1.0, mix.toString());
  }

  @Test
  void theStoryboardsLoudnessIsTheTarget() throws Exception {
    LoudnessMeter.Loudness mix = finalCut(-23.0, quietLine, silentClip, loudLine);

    assertEquals(-23.0, mix.integratedLufs(), 1.0, mix.toString());
    assertTrue(mix.truePeakDbtp() <= -1.0, mix.toString());
  }

  @Test
  void quietDialogueAloneIsBroughtUp() throws Exception {
    LoudnessMeter.Loudness mix = finalCut(null, quietLine, quietLine);

    assertEquals(-16.0, mix.integratedLufs(), 1.0, mix.toString());
    assertTrue(mix.truePeakDbtp() <= -1.0, mix.toString());
  }

  @Test
  void peaksFarAboveQuietSpeechAreLimitedToTheCeiling() throws Exception {
    LoudnessMeter.Loudness line = LoudnessMeter.measure(store.path(clickyLine.id()));
    assertTrue(line.truePeakDbtp() - line.integratedLufs() > 20, "a crest far above 17 dB: " + line);

    LoudnessMeter.Loudness mix = finalCut(null, clickyLine, silentClip);

    assertEquals(-16.0, mix.integratedLufs(), 1.0, mix.toString());
    assertTrue(mix.truePeakDbtp() <= -1.0, mix.toString());
  }

  @Test
  void silenceStaysSilent() throws Exception {
    LoudnessMeter.Loudness mix = finalCut(null, silentClip, silentClip);

    assertTrue(mix.silent(), mix.toString());
    assertEquals(Double.NEGATIVE_INFINITY, mix.truePeakDbtp(), mix.toString());
  }

  private LoudnessMeter.Loudness finalCut(Double loudness, AssetRef... clips) throws Exception {
    List<AssemblyRequest.Shot> shots = new ArrayList<>();
    for (int i = 0; i < clips.length; i++) {
      shots.add(new AssemblyRequest.Shot("s" + i, "shot " + i, clips[i], 2, List.of(), List.of()));
    }
    AssemblyResult result = new Assembler(store).assemble(new AssemblyRequest("sb", "Loudness",
        new VideoFormat(160, 90, 24), shots, BigDecimal.ZERO, BigDecimal.ZERO, loudness), ActivityHeartbeat.current());
    return LoudnessMeter.measure(store.path(result.finalCut().id()));
  }
}
