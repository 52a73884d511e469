package io.shotflow.activities.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;

/**
 * The one place that configures FFmpeg through JavaCV: quiet logs, the H.264/AAC MP4 encoder settings and decoders
 * that deliver audio as interleaved float samples. Only avformat/avcodec/avfilter/swscale/swresample are used:
 * this code never loads avdevice (JavaCV's own static initialisers try to and ignore the failure where libpulse is
 * missing) and never runs the ffmpeg executables.
 */
public final class Ffmpeg {

  /** Audio in every file Shotflow writes: AAC at this rate. */
  public static final int SAMPLE_RATE = 48_000;

  static {
    avutil.av_log_set_level(AV_LOG_ERROR);
  }

  private Ffmpeg() {}

  /** Sets the log level (once, in the static initialiser this call triggers); safe to call any number of times. */
  public static void init() {}

  /**
   * An MP4 recorder: H.264 (yuv420p, a keyframe every two seconds, a bitrate that scales with the pixel rate) and,
   * when {@code audioChannels > 0}, AAC at {@link #SAMPLE_RATE}. Streams are written with the index up front so
   * browsers can start playing before the download ends.
   */
  public static FFmpegFrameRecorder mp4Recorder(Path file, int width, int height, double fps, int audioChannels) {
    init();
    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, audioChannels);
    recorder.setFormat("mp4");
    recorder.setVideoCodec(AV_CODEC_ID_H264);
    recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
    recorder.setFrameRate(fps);
    recorder.setGopSize((int) Math.max(1, Math.round(fps * 2)));
    recorder.setVideoBitrate(videoBitrate(width, height, fps));
    recorder.setOption("movflags", "+faststart");
    if (audioChannels > 0) {
      recorder.setAudioCodec(AV_CODEC_ID_AAC);
      recorder.setSampleRate(SAMPLE_RATE);
      recorder.setAudioBitrate(audioChannels == 1 ? 96_000 : 160_000);
    }
    return recorder;
  }

  /** About 0.1 bit per pixel: 2.2 Mbit/s at 720p24, 5 Mbit/s at 1080p24, at least 300 kbit/s. */
  static int videoBitrate(int width, int height, double fps) {
    return (int) Math.max(300_000, width * (long) height * fps * 0.1);
  }

  /** A started grabber whose images are BGR24. */
  public static FFmpegFrameGrabber videoGrabber(Path file) throws MediaInputException {
    init();
    return start(new FFmpegFrameGrabber(file.toFile()), file);
  }

  /**
   * A started grabber whose images are the decoder's own frames ({@code Frame.opaque} is the {@code AVFrame}, see
   * {@link Planes#of}), for code that converts them with swscale itself.
   */
  public static FFmpegFrameGrabber rawVideoGrabber(Path file) throws MediaInputException {
    init();
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    grabber.setImageMode(FrameGrabber.ImageMode.RAW);
    return start(grabber, file);
  }

  /** A grabber whose audio comes out as interleaved float samples at {@link #SAMPLE_RATE} with {@code channels}. */
  public static FFmpegFrameGrabber audioGrabber(Path file, int channels) throws MediaInputException {
    init();
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    grabber.setSampleFormat(AV_SAMPLE_FMT_FLT);
    grabber.setSampleRate(SAMPLE_RATE);
    grabber.setAudioChannels(channels);
    return start(grabber, file);
  }

  private static FFmpegFrameGrabber start(FFmpegFrameGrabber grabber, Path file) throws MediaInputException {
    try {
      grabber.start();
      return grabber;
    } catch (FrameGrabber.Exception e) {
      try {
        grabber.close();
      } catch (FrameGrabber.Exception ignored) {
        // the open failure is what matters
      }
      throw new MediaInputException("cannot read " + file.getFileName() + " as media: " + e.getMessage(), e);
    }
  }
}
