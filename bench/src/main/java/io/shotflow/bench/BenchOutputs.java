package io.shotflow.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.shotflow.asset.AssetStore;
import io.shotflow.media.AssetRef;
import io.shotflow.provider.GenerationKind;
import io.shotflow.activities.provider.local.ClipRenderer;
import io.shotflow.activities.provider.local.KeyframeRenderer;
import jakarta.inject.Singleton;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * The constant-size files the benchmark's provider and media stand-ins hand out, made once per run under
 * {@code shotflow.bench.work-dir}: a 720p keyframe, a small 5 s H.264 clip, a dialogue WAV and tiny export files.
 * Every output is the same, so work per job is the same whatever the storyboard.
 */
@Singleton
@Requires(property = "shotflow.bench.enabled", value = "true")
public class BenchOutputs {

  static final int CLIP_SECONDS = 5;

  private final Path keyframe;
  private final Path clip;
  private final AssetRef frameAsset;
  private final AssetRef clipAsset;
  private final AssetRef dialogue;
  private final AssetRef text;

  public BenchOutputs(@Value("${shotflow.bench.work-dir}") String workDir, AssetStore store) {
    try {
      Path dir = Files.createDirectories(Path.of(workDir).resolve("outputs"));
      keyframe = dir.resolve("keyframe.png");
      BufferedImage still = new KeyframeRenderer().render("bench", "A constant keyframe", KeyframeRenderer.Which.START,
          1, 1280, 720);
      ImageIO.write(still, "png", keyframe.toFile());
      clip = dir.resolve("clip.mp4");
      new ClipRenderer().render(new ClipRenderer.Clip(still, null, 320, 180, 24, CLIP_SECONDS * 24, 1, 2, "bench"),
          clip, n -> { });
      Path wav = dialogueWav(dir.resolve("dialogue.wav"));
      frameAsset = store.put(keyframe, "image/png");
      clipAsset = store.put(clip, "video/mp4");
      dialogue = store.put(wav, "audio/wav");
      text = store.put(new ByteArrayInputStream("bench\n".getBytes(StandardCharsets.UTF_8)), "text/plain");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the benchmark's outputs", e);
    }
  }

  /** The file a job of {@code kind} produces. */
  Path output(GenerationKind kind) {
    return kind == GenerationKind.KEYFRAME ? keyframe : clip;
  }

  AssetRef frameAsset() {
    return frameAsset;
  }

  AssetRef clipAsset() {
    return clipAsset;
  }

  /** A small text asset standing in for every editor export. */
  AssetRef textAsset() {
    return text;
  }

  /** A 3 s dialogue line for lip-sync steps. */
  public AssetRef dialogue() {
    return dialogue;
  }

  private static Path dialogueWav(Path file) throws IOException {
    int rate = 16_000;
    byte[] pcm = new byte[rate * 3 * 2];
    for (int i = 0; i < pcm.length / 2; i++) {
      short v = (short) (Math.sin(2 * Math.PI * 220 * i / rate) * 8_000);
      pcm[2 * i] = (byte) v;
      pcm[2 * i + 1] = (byte) (v >> 8);
    }
    AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, pcm.length / 2)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
    return file;
  }
}
