package io.shotflow.platform.provider;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code shotflow.downloads.*}: the bounds of every provider output download, bound once and read by the worker's
 * output downloader (sizes and times) and {@link ProviderHttp} (its download threads).
 *
 * <ul>
 *   <li>{@code max-image-bytes} (50 MiB): a keyframe is a PNG or JPEG; a lossless 4K still is about 25 MB, so twice
 *       that leaves room without letting a runaway response reach video sizes;</li>
 *   <li>{@code max-video-bytes} (2 GiB): a clip, extend or lip-sync; a few minutes of 4K at a provider's high bitrate
 *       fits, a broken endless stream does not;</li>
 *   <li>{@code max-audio-bytes} (256 MiB): about 15 minutes of 48 kHz 24-bit stereo WAV, far beyond any dialogue
 *       line;</li>
 *   <li>{@code deadline} (30 minutes) for the whole transfer, {@code stall-timeout} (2 minutes) without a byte;</li>
 *   <li>{@code threads} (4): the download client's own threads, which write the bytes to disk; calls to the
 *       providers' APIs never wait behind them. A stalled transfer holds no thread.</li>
 * </ul>
 */
@ConfigurationProperties("shotflow.downloads")
public class DownloadSettings {

  /** What a download holds, by which its byte cap is chosen. */
  public enum MediaKind {
    IMAGE, VIDEO, AUDIO;

    /** The kind a content type names ({@code image/png} is IMAGE), or null when it names none of them. */
    public static MediaKind ofContentType(String contentType) {
      if (contentType == null) {
        return null;
      }
      String type = contentType.trim().toLowerCase(Locale.ROOT);
      for (MediaKind kind : values()) {
        if (type.startsWith(kind.name().toLowerCase(Locale.ROOT) + "/")) {
          return kind;
        }
      }
      return null;
    }
  }

  private long maxImageBytes = 50L << 20;
  private long maxVideoBytes = 2L << 30;
  private long maxAudioBytes = 256L << 20;
  private Duration deadline = Duration.ofMinutes(30);
  private Duration stallTimeout = Duration.ofMinutes(2);
  private int threads = 4;

  /** The byte cap of {@code kind}. */
  public long maxBytes(MediaKind kind) {
    return switch (kind) {
      case IMAGE -> maxImageBytes;
      case VIDEO -> maxVideoBytes;
      case AUDIO -> maxAudioBytes;
    };
  }

  public long getMaxImageBytes() {
    return maxImageBytes;
  }

  public void setMaxImageBytes(long maxImageBytes) {
    this.maxImageBytes = positive("max-image-bytes", maxImageBytes);
  }

  public long getMaxVideoBytes() {
    return maxVideoBytes;
  }

  public void setMaxVideoBytes(long maxVideoBytes) {
    this.maxVideoBytes = positive("max-video-bytes", maxVideoBytes);
  }

  public long getMaxAudioBytes() {
    return maxAudioBytes;
  }

  public void setMaxAudioBytes(long maxAudioBytes) {
    this.maxAudioBytes = positive("max-audio-bytes", maxAudioBytes);
  }

  public Duration getDeadline() {
    return deadline;
  }

  public void setDeadline(Duration deadline) {
    this.deadline = positive("deadline", deadline);
  }

  public Duration getStallTimeout() {
    return stallTimeout;
  }

  public void setStallTimeout(Duration stallTimeout) {
    this.stallTimeout = positive("stall-timeout", stallTimeout);
  }

  public int getThreads() {
    return threads;
  }

  public void setThreads(int threads) {
    this.threads = (int) positive("threads", threads);
  }

  private static long positive(String key, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("shotflow.downloads." + key + " must be positive, not " + value);
    }
    return value;
  }

  private static Duration positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("shotflow.downloads." + key + " must be a positive duration, not " + value);
    }
    return value;
  }
}
