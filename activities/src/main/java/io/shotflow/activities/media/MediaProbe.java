package io.shotflow.activities.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** What a media file holds, read from its container and streams (video frames are counted when not recorded). */
public final class MediaProbe {

  private MediaProbe() {}

  /**
   * {@code durationSeconds} is frames / fps for a video (exact for constant-rate video), otherwise the container's
   * duration; {@code audioDurationSeconds} is 0 without audio.
   */
  public record Info(
      int width, int height, double fps, int frames, double durationSeconds, boolean hasAudio,
      double audioDurationSeconds) {

    public boolean hasVideo() {
      return frames > 0;
    }
  }

  public static Info probe(Path file) throws IOException {
    try (FFmpegFrameGrabber grabber = Ffmpeg.videoGrabber(file)) {
      double containerSeconds = grabber.getFormatContext().duration() == AV_NOPTS_VALUE
          ? 0 : grabber.getFormatContext().duration() / (double) AV_TIME_BASE;
      double audioSeconds = grabber.hasAudio() ? streamSeconds(grabber, grabber.getAudioStream(), containerSeconds) : 0;
      if (!grabber.hasVideo()) {
        return new Info(0, 0, 0, 0, containerSeconds, grabber.hasAudio(), audioSeconds);
      }
      double fps = grabber.getVideoFrameRate();
      AVStream video = grabber.getFormatContext().streams(grabber.getVideoStream());
      int frames = video.nb_frames() > 0 ? (int) video.nb_frames() : countVideoFrames(grabber);
      return new Info(grabber.getImageWidth(), grabber.getImageHeight(), fps, frames,
          fps > 0 ? frames / fps : containerSeconds, grabber.hasAudio(), audioSeconds);
    }
  }

  private static double streamSeconds(FFmpegFrameGrabber grabber, int index, double fallback) {
    AVStream stream = grabber.getFormatContext().streams(index);
    AVRational tb = stream.time_base();
    if (stream.duration() == AV_NOPTS_VALUE || tb.den() == 0) {
      return fallback;
    }
    return stream.duration() * tb.num() / (double) tb.den();
  }

  private static int countVideoFrames(FFmpegFrameGrabber grabber) throws IOException {
    int count = 0;
    while (grabber.grabImage() != null) {
      count++;
    }
    return count;
  }
}
