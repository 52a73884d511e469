package io.shotflow.activities.media;

import io.shotflow.asset.AssetStore;
import io.temporal.failure.ApplicationFailure;
import jakarta.inject.Singleton;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import javax.imageio.ImageIO;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.activity.MediaActivities;
import io.shotflow.media.AssetRef;

/**
 * The media activities: thin wrappers over {@link LastFrame} and {@link Assembler}. Bad input (unknown assets, an
 * impossible format, files that are not usable media) fails at once and for good with type {@value #INVALID_MEDIA};
 * other I/O errors stay retryable.
 */
@Singleton
public class MediaActivitiesImpl implements MediaActivities {

  public static final String INVALID_MEDIA = "INVALID_MEDIA";

  private final AssetStore store;
  private final Assembler assembler;

  public MediaActivitiesImpl(AssetStore store) {
    this.store = store;
    this.assembler = new Assembler(store);
  }

  @Override
  public AssetRef extractLastFrame(AssetRef video) {
    return run(() -> {
      if (video == null || !store.exists(video.id())) {
        throw new IllegalArgumentException("video: unknown asset " + (video == null ? null : video.uri()));
      }
      BufferedImage last = LastFrame.of(store.path(video.id()));
      Path png = Files.createTempFile("shotflow-last-frame-", ".png");
      try {
        ImageIO.write(last, "png", png.toFile());
        return store.put(png, "image/png");
      } finally {
        Files.deleteIfExists(png);
      }
    });
  }

  @Override
  public AssetRef joinClips(JoinRequest request) {
    return run(() -> assembler.join(request.clips(), request.format(), ActivityHeartbeat.current()));
  }

  @Override
  public double audioSeconds(AssetRef audio) {
    return run(() -> {
      MediaProbe.Info info = MediaProbe.probe(existing(audio, "audio"));
      if (!info.hasAudio()) {
        throw new MediaInputException("audio: no audio stream in " + audio.uri());
      }
      return info.audioDurationSeconds();
    });
  }

  @Override
  public AssetRef cutDialogue(DialogueCut request) {
    return run(() -> {
      Path wav = Files.createTempFile("shotflow-dialogue-", ".wav");
      try {
        DialogueCutter.cut(existing(request.audio(), "audio"), request.offsetSeconds(), request.seconds(), wav);
        return store.put(wav, "audio/wav");
      } finally {
        Files.deleteIfExists(wav);
      }
    });
  }

  private Path existing(AssetRef ref, String field) {
    if (ref == null || !store.exists(ref.id())) {
      throw new IllegalArgumentException(field + ": unknown asset " + (ref == null ? null : ref.uri()));
    }
    return store.path(ref.id());
  }

  @Override
  public AssemblyResult assemble(AssemblyRequest request) {
    return run(() -> assembler.assemble(request, ActivityHeartbeat.current()));
  }

  private interface Work<T> {
    T run() throws IOException;
  }

  private static <T> T run(Work<T> work) {
    try {
      return work.run();
    } catch (IllegalArgumentException | NoSuchElementException | MediaInputException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), INVALID_MEDIA);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
