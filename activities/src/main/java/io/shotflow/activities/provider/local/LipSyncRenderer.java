package io.shotflow.activities.provider.local;

import io.shotflow.activities.media.AudioReader;
import io.shotflow.activities.media.Ffmpeg;
import io.shotflow.activities.media.MediaInputException;
import io.shotflow.activities.media.Planes;
import io.shotflow.activities.media.RegionPainter;
import io.shotflow.activities.media.Scaler;
import io.shotflow.activities.media.Yuv420Frame;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * The local provider's lip-sync: the source video with the dialogue as its sound track, a mouth that opens with the
 * loudness of each frame's audio and a level meter with the recent loudness history. The output keeps the source's
 * size, frame rate and frame count; the dialogue is cut or padded with silence to that length. A line of text is
 * spoken by a {@link SpokenLine} and shown as a caption whose words light up as they are said.
 */
public final class LipSyncRenderer {

  private static final int CHANNELS = 2;
  private static final int HISTORY = 48;
  /** Loudness in dBFS mapped onto the mouth opening: this or quieter is closed, {@link #LOUD_DB} is wide open. */
  private static final double QUIET_DB = -48;
  private static final double LOUD_DB = -9;

  /** Frames written and the share of them with the mouth visibly open (a check that the audio drove it). */
  public record Result(int frames, double fps, int openFrames) {}

  /** Where each frame's dialogue samples come from. */
  @FunctionalInterface
  private interface Voice {
    void read(float[] dst, int frames) throws IOException;
  }

  public Result render(Path video, Path dialogue, Path out, IntConsumer progress) throws IOException {
    try (AudioReader audio = new AudioReader(dialogue, CHANNELS)) {
      if (!audio.hasAudio()) {
        throw new MediaInputException("dialogue has no audio stream: " + dialogue.getFileName());
      }
      return render(video, audio::read, null, out, progress);
    }
  }

  /** {@code text} spoken at {@code speed} (1.0 is a conversational pace) onto {@code video}, with its caption. */
  public Result renderText(Path video, String text, double speed, Path out, IntConsumer progress) throws IOException {
    SpokenLine line = new SpokenLine(text, speed, CHANNELS);
    return render(video, line::read, line, out, progress);
  }

  private Result render(Path video, Voice voice, SpokenLine caption, Path out, IntConsumer progress) throws IOException {
    try (FFmpegFrameGrabber grabber = Ffmpeg.rawVideoGrabber(video)) {
      if (!grabber.hasVideo()) {
        throw new MediaInputException("lip-sync source has no video stream: " + video.getFileName());
      }
      int w = grabber.getImageWidth() & ~1;
      int h = grabber.getImageHeight() & ~1;
      double fps = grabber.getVideoFrameRate();
      if (fps <= 0) {
        throw new MediaInputException("lip-sync source has no frame rate: " + video.getFileName());
      }
      double[] history = new double[HISTORY];
      float[] samples = new float[(int) Math.ceil(Ffmpeg.SAMPLE_RATE / fps + 1) * CHANNELS];
      int frames = 0;
      int open = 0;
      double level = 0;
      try (Yuv420Frame frame = new Yuv420Frame(w, h);
          Scaler toFrame = new Scaler();
          RegionPainter mouth = new RegionPainter(mouthRegion(w, h), w, h);
          RegionPainter meter = new RegionPainter(meterRegion(w, h), w, h);
          RegionPainter subtitle = caption == null ? null : new RegionPainter(captionRegion(w, h), w, h);
          FFmpegFrameRecorder recorder = Ffmpeg.mp4Recorder(out, w, h, fps, CHANNELS)) {
        recorder.start();
        for (Frame decoded; (decoded = grabber.grabImage()) != null; frames++) {
          toFrame.scale(Planes.of((AVFrame) decoded.opaque), frame.planes());
          int count = (int) (sampleAt(frames + 1, fps) - sampleAt(frames, fps));
          voice.read(samples, count);
          double loudness = loudness(samples, count * CHANNELS);
          level = Math.max(loudness, level * 0.6);
          System.arraycopy(history, 1, history, 0, HISTORY - 1);
          history[HISTORY - 1] = loudness;
          if (level > 0.2) {
            open++;
          }
          double opening = level;
          mouth.paint(frame, g -> drawMouth(g, mouth.region(), opening));
          meter.paint(frame, g -> drawMeter(g, meter.region(), history));
          if (subtitle != null) {
            int spoken = caption.spokenChars();
            subtitle.paint(frame, g -> drawCaption(g, subtitle.region(), caption.text(), spoken));
          }
          frame.record(recorder);
          recorder.recordSamples(Ffmpeg.SAMPLE_RATE, CHANNELS, FloatBuffer.wrap(samples, 0, count * CHANNELS));
          progress.accept(frames + 1);
        }
        recorder.stop();
      }
      if (frames == 0) {
        throw new MediaInputException("lip-sync source has no decodable frames: " + video.getFileName());
      }
      return new Result(frames, fps, open);
    }
  }

  private static long sampleAt(int frame, double fps) {
    return Math.round(frame * Ffmpeg.SAMPLE_RATE / fps);
  }

  /** RMS of the chunk in dBFS, mapped to 0 (quiet) .. 1 (loud). */
  static double loudness(float[] samples, int count) {
    if (count == 0) {
      return 0;
    }
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += samples[i] * (double) samples[i];
    }
    double rms = Math.sqrt(sum / count);
    double db = 20 * Math.log10(Math.max(rms, 1e-9));
    return Math.max(0, Math.min(1, (db - QUIET_DB) / (LOUD_DB - QUIET_DB)));
  }

  private static Rectangle mouthRegion(int w, int h) {
    int mw = Math.max(16, w / 5);
    int mh = Math.max(12, h / 6);
    return new Rectangle((w - mw) / 2, (int) (h * 0.58), mw, Math.min(mh, h - (int) (h * 0.58)));
  }

  private static Rectangle meterRegion(int w, int h) {
    int margin = Math.max(4, h / 36);
    int mw = Math.max(32, w * 2 / 5);
    int mh = Math.max(12, h / 12);
    return new Rectangle(w - margin - mw, h - margin - mh, mw, mh);
  }

  private static Rectangle captionRegion(int w, int h) {
    int margin = Math.max(4, h / 36);
    return new Rectangle(margin, margin, w - 2 * margin, Math.max(16, h / 5));
  }

  /** The line on a dark band, wrapped to fit, the words said so far in yellow. */
  private static void drawCaption(Graphics2D g, Rectangle r, String text, int spoken) {
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    double pad = Math.max(3, r.height * 0.08);
    List<String> lines = List.of(text);
    FontMetrics metrics = null;
    for (int size = Math.max(8, r.height / 3); size >= 8; size--) {
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
      metrics = g.getFontMetrics();
      lines = wrap(text, metrics, r.width - 2 * pad);
      if (lines.size() * metrics.getHeight() <= r.height - 2 * pad) {
        break;
      }
    }
    double bandH = Math.min(r.height, lines.size() * metrics.getHeight() + 2 * pad);
    g.setColor(new Color(10, 10, 14, 170));
    g.fill(new RoundRectangle2D.Double(0, 0, r.width, bandH, pad * 2, pad * 2));
    int offset = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int start = text.indexOf(line, offset);
      offset = start + line.length();
      int said = Math.max(0, Math.min(line.length(), spoken - start));
      float x = (float) ((r.width - metrics.stringWidth(line)) / 2.0);
      float y = (float) (pad + i * metrics.getHeight() + metrics.getAscent());
      g.setColor(new Color(255, 214, 90));
      g.drawString(line.substring(0, said), x, y);
      g.setColor(Color.WHITE);
      g.drawString(line.substring(said), x + metrics.stringWidth(line.substring(0, said)), y);
    }
  }

  /** Words into lines no wider than {@code width} (a single long word gets a line of its own). */
  static List<String> wrap(String text, FontMetrics metrics, double width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.trim().split("\\s+")) {
      String candidate = line.isEmpty() ? word : line + " " + word;
      if (!line.isEmpty() && metrics.stringWidth(candidate) > width) {
        lines.add(line.toString());
        line = new StringBuilder(word);
      } else {
        line = new StringBuilder(candidate);
      }
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    return lines;
  }

  private static void drawMouth(Graphics2D g, Rectangle r, double opening) {
    double cx = r.width / 2.0;
    double cy = r.height / 2.0;
    double lipsW = r.width * 0.8;
    double lipsH = r.height * (0.22 + 0.6 * opening);
    g.setColor(new Color(120, 30, 40, 215));
    g.fill(new Ellipse2D.Double(cx - lipsW / 2, cy - lipsH / 2, lipsW, lipsH));
    double innerW = lipsW * 0.78;
    double innerH = Math.max(r.height * 0.03, lipsH * 0.72 * opening);
    g.setColor(new Color(25, 6, 10, 235));
    g.fill(new Ellipse2D.Double(cx - innerW / 2, cy - innerH / 2, innerW, innerH));
    if (opening > 0.35) {
      g.setColor(new Color(240, 236, 228, 220));
      g.fill(new RoundRectangle2D.Double(cx - innerW * 0.3, cy - innerH / 2, innerW * 0.6, innerH * 0.22, 6, 6));
    }
    g.setStroke(new BasicStroke(Math.max(1.5f, r.height / 40f)));
    g.setColor(new Color(255, 190, 190, 200));
    g.draw(new Ellipse2D.Double(cx - lipsW / 2, cy - lipsH / 2, lipsW, lipsH));
  }

  private static void drawMeter(Graphics2D g, Rectangle r, double[] history) {
    g.setColor(new Color(10, 10, 14, 165));
    g.fill(new RoundRectangle2D.Double(0, 0, r.width, r.height, r.height * 0.5, r.height * 0.5));
    double pad = r.height * 0.18;
    Font font = new Font(Font.SANS_SERIF, Font.BOLD, (int) Math.max(8, r.height * 0.32));
    g.setFont(font);
    g.setColor(Color.WHITE);
    String label = "DIALOGUE";
    g.drawString(label, (float) pad, (float) (r.height / 2.0 + g.getFontMetrics().getAscent() / 2.5));
    double x0 = pad * 2 + g.getFontMetrics().stringWidth(label);
    double barArea = r.width - x0 - pad;
    double barW = barArea / history.length;
    double maxH = r.height - 2 * pad;
    for (int i = 0; i < history.length; i++) {
      double bh = Math.max(1.5, maxH * history[i]);
      g.setColor(i == history.length - 1 ? new Color(255, 214, 90) : new Color(110, 220, 160, 210));
      g.fill(new RoundRectangle2D.Double(x0 + i * barW, r.height / 2.0 - bh / 2, Math.max(1, barW * 0.7), bh, 2, 2));
    }
  }
}
