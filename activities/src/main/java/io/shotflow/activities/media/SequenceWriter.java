package io.shotflow.activities.media;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import io.shotflow.media.VideoFormat;

/**
 * Writes clips one after another into one MP4 in a {@link VideoFormat}, conforming each on the way: scaled to fit
 * with its aspect kept and padded black, resampled to the format's frame rate by timestamp (nearest earlier frame),
 * cut or held on its last frame to an exact frame count, and with AAC audio (the clip's own, else silence) cut or
 * padded to the same length. Every clip is decoded and encoded again, so inputs from different providers mix. The
 * audio can pass through an FFmpeg filter chain on its way (see {@link Mastering}); it stays sample-aligned.
 */
public final class SequenceWriter implements AutoCloseable {

  /** Channels of the audio written. */
  public static final int CHANNELS = 2;

  /** Sees every frame written: its index within the clip and the frame itself (valid during the call only). */
  @FunctionalInterface
  public interface FrameObserver {
    void frame(int indexInClip, Yuv420Frame frame) throws IOException;
  }

  private final VideoFormat format;
  private final boolean audio;
  private final FFmpegFrameRecorder recorder;
  private final Yuv420Frame shown;
  private final Yuv420Frame ahead;
  private final Scaler scaler = new Scaler();
  private final float[] samples;
  private final AudioFilter audioFilter;
  private long framesWritten;

  /** {@code audio} false writes a video-only file. */
  public SequenceWriter(Path out, VideoFormat format, boolean audio) throws IOException {
    this(out, format, audio, null);
  }

  /** As {@link #SequenceWriter(Path, VideoFormat, boolean)} with the audio through {@code audioChain} (null: none). */
  public SequenceWriter(Path out, VideoFormat format, boolean audio, String audioChain) throws IOException {
    this.format = format;
    this.audio = audio;
    this.shown = new Yuv420Frame(format.width(), format.height());
    this.ahead = new Yuv420Frame(format.width(), format.height());
    this.samples = new float[(Ffmpeg.SAMPLE_RATE / format.fps() + 2) * CHANNELS];
    this.recorder = Ffmpeg.mp4Recorder(out, format.width(), format.height(), format.fps(), audio ? CHANNELS : 0);
    recorder.start();
    this.audioFilter = audio && audioChain != null ? new AudioFilter(audioChain, CHANNELS, this::recordFiltered) : null;
  }

  /** Appends {@code frames} frames of {@code clip}. */
  public void append(Path clip, int frames, FrameObserver observer) throws IOException {
    if (frames <= 0) {
      throw new IllegalArgumentException("a clip needs at least one frame, got " + frames);
    }
    try (FFmpegFrameGrabber grabber = Ffmpeg.rawVideoGrabber(clip);
        AudioReader sound = audio ? new AudioReader(clip, CHANNELS) : null) {
      if (!grabber.hasVideo()) {
        throw new MediaInputException("no video stream in " + clip.getFileName());
      }
      Letterbox box = Letterbox.fit(grabber.getImageWidth(), grabber.getImageHeight(), format.width(), format.height());
      shown.fillBlack();
      ahead.fillBlack();
      Source source = new Source(grabber, box);
      Yuv420Frame current = shown;
      Yuv420Frame next = ahead;
      boolean hasNext = source.decodeInto(next);
      if (!hasNext) {
        throw new MediaInputException("no decodable frame in " + clip.getFileName());
      }
      double halfFrame = 0.5 / format.fps();
      boolean started = false;
      for (int k = 0; k < frames; k++) {
        double t = k / (double) format.fps();
        while (hasNext && (!started || source.lastSeconds <= t + halfFrame)) {
          Yuv420Frame swap = current;
          current = next;
          next = swap;
          started = true;
          hasNext = source.decodeInto(next);
        }
        current.record(recorder);
        if (sound != null) {
          int count = (int) (sampleAt(framesWritten + 1) - sampleAt(framesWritten));
          sound.read(samples, count);
          if (audioFilter != null) {
            audioFilter.push(samples, count);
          } else {
            recorder.recordSamples(Ffmpeg.SAMPLE_RATE, CHANNELS, FloatBuffer.wrap(samples, 0, count * CHANNELS));
          }
        }
        framesWritten++;
        observer.frame(k, current);
      }
    }
  }

  /** The sample frames of audio that go with {@code frames} video frames from {@code firstFrame} on in {@code format}. */
  public static int samplesFor(VideoFormat format, long firstFrame, int frames) {
    return (int) (sampleAt(format, firstFrame + frames) - sampleAt(format, firstFrame));
  }

  private long sampleAt(long frame) {
    return sampleAt(format, frame);
  }

  private static long sampleAt(VideoFormat format, long frame) {
    return Math.round(frame * (double) Ffmpeg.SAMPLE_RATE / format.fps());
  }

  private void recordFiltered(FloatBuffer filtered, int frames, AVFrame frame) throws IOException {
    FloatBuffer part = filtered.duplicate();
    part.limit(part.position() + frames * CHANNELS);
    recorder.recordSamples(Ffmpeg.SAMPLE_RATE, CHANNELS, part);
  }

  @Override
  public void close() throws IOException {
    try {
      if (audioFilter != null) {
        try {
          audioFilter.finish();
        } finally {
          audioFilter.close();
        }
      }
    } finally {
      closeVideo();
    }
  }

  private void closeVideo() throws IOException {
    try {
      recorder.close();
    } finally {
      scaler.close();
      shown.close();
      ahead.close();
    }
  }

  /**
   * Decodes frames into the letterbox; {@code lastSeconds} is the time of the frame decoded last, relative to the
   * clip's first frame (so edit lists or a non-zero start do not shift the clip).
   */
  private final class Source {
    private final FFmpegFrameGrabber grabber;
    private final Letterbox box;
    private long firstMicros = Long.MIN_VALUE;
    double lastSeconds;

    Source(FFmpegFrameGrabber grabber, Letterbox box) {
      this.grabber = grabber;
      this.box = box;
    }

    boolean decodeInto(Yuv420Frame target) throws IOException {
      Frame frame = grabber.grabImage();
      if (frame == null) {
        return false;
      }
      if (firstMicros == Long.MIN_VALUE) {
        firstMicros = frame.timestamp;
      }
      lastSeconds = (frame.timestamp - firstMicros) / 1e6;
      Planes into = target.planes().crop(box.x(), box.y(), box.width(), box.height());
      scaler.scale(Planes.of((AVFrame) frame.opaque), into);
      return true;
    }
  }

  /** Where a picture goes inside the frame: as large as fits with its aspect kept, centred, on even pixels. */
  record Letterbox(int x, int y, int width, int height) {

    static Letterbox fit(int sourceWidth, int sourceHeight, int frameWidth, int frameHeight) {
      double scale = Math.min(frameWidth / (double) sourceWidth, frameHeight / (double) sourceHeight);
      int w = Math.min(frameWidth, Math.max(2, (int) Math.round(sourceWidth * scale / 2) * 2));
      int h = Math.min(frameHeight, Math.max(2, (int) Math.round(sourceHeight * scale / 2) * 2));
      return new Letterbox((frameWidth - w) / 2 & ~1, (frameHeight - h) / 2 & ~1, w, h);
    }
  }
}
