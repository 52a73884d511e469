package io.shotflow.activities.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.shotflow.media.VideoFormat;

/**
 * The per-shot files of the output folder, each conformed to the storyboard's format: a clip as an MP4 of its own
 * length (so frames past the cut stay available as handles), and a shot's sound as a WAV. Sound that goes through
 * {@code audioChain} (the final mix's {@link Mastering} chain) matches {@code final.mp4}'s level.
 */
final class ShotMedia {

  private final VideoFormat format;

  ShotMedia(VideoFormat format) {
    this.format = format;
  }

  /** Frames of {@code clip} at the format's fps: its duration rounded, at least one. */
  int frames(Path clip) throws IOException {
    MediaProbe.Info info = MediaProbe.probe(clip);
    if (!info.hasVideo()) {
      throw new MediaInputException("no video stream in " + clip.getFileName());
    }
    return Math.max(1, (int) Math.round(info.durationSeconds() * format.fps()));
  }

  /** {@code frames} frames of {@code clip} with its sound (or silence) through {@code audioChain} (null: as it is). */
  void video(Path clip, int frames, String audioChain, Path out, ActivityHeartbeat heartbeat, String step)
      throws IOException {
    Files.createDirectories(out.getParent());
    try (SequenceWriter writer = new SequenceWriter(out, format, true, audioChain)) {
      writer.append(clip, frames, (k, frame) -> heartbeat.beat(step));
    }
  }

  /** The first {@code frames} frames' worth of {@code clip}'s sound through {@code audioChain}, as a WAV. */
  void sound(Path clip, int frames, String audioChain, Path out) throws IOException {
    Files.createDirectories(out.getParent());
    int channels = SequenceWriter.CHANNELS;
    WavWriter wav = new WavWriter(channels);
    int total = SequenceWriter.samplesFor(format, 0, frames);
    int chunk = Ffmpeg.SAMPLE_RATE / 10;
    float[] samples = new float[chunk * channels];
    try (AudioReader reader = new AudioReader(clip, channels)) {
      if (audioChain == null) {
        for (int left = total; left > 0; left -= chunk) {
          int n = Math.min(chunk, left);
          reader.read(samples, n);
          wav.add(samples, 0, n);
        }
      } else {
        try (AudioFilter filter = new AudioFilter(audioChain, channels, (buf, n, frame) -> {
          float[] copy = new float[n * channels];
          buf.duplicate().get(copy);
          wav.add(copy, 0, n);
        })) {
          for (int left = total; left > 0; left -= chunk) {
            int n = Math.min(chunk, left);
            reader.read(samples, n);
            filter.push(samples, n);
          }
          filter.finish();
        }
      }
    }
    wav.write(out);
  }
}
