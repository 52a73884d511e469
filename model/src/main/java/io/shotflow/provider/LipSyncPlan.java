package io.shotflow.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a shot's lip-sync stays within a provider's limits ({@link LipSyncCapabilities}), decided from the capability
 * table before anything is paid for. The first candidate provider that can take the shot wins: in one call on the
 * whole shot when its length is within the provider's video limits, else split at the shot's clip boundaries (the clip
 * and each extend step are segments; a segment shorter than the video minimum is merged with a neighbour when the
 * result stays within the maximum), where only the segments the dialogue overlaps are lip-synced, each with the
 * dialogue as heard over that segment (silence before the line starts, padded with silence up to the audio minimum).
 * The lip-synced segments are joined back with the others.
 *
 * <p>The audio of a piece is described, not made: {@link Audio#offsetSeconds()} is where the dialogue starts relative
 * to the piece's start (negative: it started earlier and the piece begins that far into it), and the piece lasts
 * {@link Audio#seconds()}. Pieces are written as 16-bit mono WAV at 48 kHz ({@link #WAV_BYTES_PER_SECOND}) and must
 * fit the provider's audio size limit too.
 *
 * <p>A line of text cannot be cut: it needs one call on the whole shot. A shot whose extend steps the provider makes
 * natively is one video, so it can be split only when {@link Shot#separateClips()} says the workflow has each clip.
 */
public record LipSyncPlan(String provider, boolean whole, List<Segment> segments) {

  /** 16-bit mono PCM at 48 kHz: what a cut piece of dialogue takes per second. */
  public static final int WAV_BYTES_PER_SECOND = 48_000 * 2;
  /** A WAV file's header. */
  public static final int WAV_HEADER_BYTES = 44;
  /** Dialogue that ends within this of a segment's start does not reach it (a rounding margin, about one sample). */
  static final double EPSILON = 1e-6;

  public LipSyncPlan {
    segments = List.copyOf(segments);
  }

  /**
   * The shot as the plan sees it: the seconds of its clip and of each extend step, where the dialogue starts within the
   * shot, the dialogue's length in seconds (null while it is not measured: a line of text, or validation before the
   * file is read), whether the dialogue is a line of text, and whether each clip is a video of its own (false when the
   * provider's native extend answered with one whole video).
   */
  public record Shot(List<Integer> clipSeconds, double dialogueStart, Double dialogueSeconds, boolean text,
      boolean separateClips) {

    public Shot {
      clipSeconds = List.copyOf(clipSeconds);
    }

    public int totalSeconds() {
      return clipSeconds.stream().mapToInt(Integer::intValue).sum();
    }
  }

  /**
   * One part of the shot: clips {@code firstClip}..{@code lastClip} (0 is the clip, n is extend step n), starting
   * {@code startSeconds} into the shot and lasting {@code seconds}. {@code speaks}: the dialogue overlaps it, so it is
   * lip-synced; {@code audio}: the piece of dialogue to send, null when the dialogue goes as given (a whole shot with
   * its line at the start, or a line of text) or is not measured yet (a shot planned before its file is read).
   */
  public record Segment(int firstClip, int lastClip, int startSeconds, int seconds, boolean speaks, Audio audio) {}

  /** A piece of dialogue: the line starts {@code offsetSeconds} after the piece's start; it lasts {@code seconds}. */
  public record Audio(double offsetSeconds, double seconds) {

    public long wavBytes() {
      return WAV_HEADER_BYTES + (long) Math.ceil(seconds * WAV_BYTES_PER_SECOND);
    }
  }

  /** The plan, or why no candidate can lip-sync the shot within its limits. */
  public record Outcome(LipSyncPlan plan, String refusal) {

    public boolean planned() {
      return plan != null;
    }
  }

  /** The segments that are lip-synced. */
  public List<Segment> speaking() {
    return segments.stream().filter(Segment::speaks).toList();
  }

  /**
   * The plan on the first of {@code candidates} (the chosen lip-sync provider first) that can take {@code shot}, or
   * the refusal naming what each one lacks.
   */
  public static Outcome of(Shot shot, List<LipSyncCapabilities> candidates) {
    List<String> why = new ArrayList<>();
    for (LipSyncCapabilities caps : candidates) {
      Optional<LipSyncPlan> whole = whole(shot, caps, why);
      if (whole.isPresent()) {
        return new Outcome(whole.get(), null);
      }
      Optional<LipSyncPlan> split = split(shot, caps, why);
      if (split.isPresent()) {
        return new Outcome(split.get(), null);
      }
    }
    return new Outcome(null, why.isEmpty() ? "no lip-sync provider" : String.join("; ", why));
  }

  /** One call on the whole shot, when its length is within the provider's video limits. */
  private static Optional<LipSyncPlan> whole(Shot shot, LipSyncCapabilities caps, List<String> why) {
    int total = shot.totalSeconds();
    if (!within(total, caps.videoMinSeconds(), caps.videoMaxSeconds())) {
      return Optional.empty();
    }
    if (shot.text() && !caps.fromText()) {
      why.add(caps.provider() + " lip-syncs recorded audio only");
      return Optional.empty();
    }
    Audio audio = null;
    if (!shot.text() && shot.dialogueStart() > 0 && shot.dialogueSeconds() != null) {
      audio = piece(shot, 0, total, caps);
      String problem = problem(audio, caps);
      if (problem != null) {
        why.add(caps.provider() + ": " + problem);
        return Optional.empty();
      }
    }
    int last = shot.clipSeconds().size() - 1;
    return Optional.of(new LipSyncPlan(caps.provider(), true, List.of(new Segment(0, last, 0, total, true, audio))));
  }

  /** Split at clip boundaries; only the segments the dialogue overlaps speak. */
  private static Optional<LipSyncPlan> split(Shot shot, LipSyncCapabilities caps, List<String> why) {
    if (within(shot.totalSeconds(), caps.videoMinSeconds(), caps.videoMaxSeconds())) {
      // the length was not what kept the whole shot from this provider
      return Optional.empty();
    }
    String takes = caps.provider() + " takes " + fmt(caps.videoMinSeconds()) + "–" + fmt(caps.videoMaxSeconds())
        + " s of video and this shot is " + shot.totalSeconds() + " s";
    if (shot.text()) {
      why.add(takes + "; a line of text cannot be split at the clip boundaries (give dialogue.audio)");
      return Optional.empty();
    }
    if (!shot.separateClips() && shot.clipSeconds().size() > 1) {
      why.add(takes + "; its extend steps make one video that is not split");
      return Optional.empty();
    }
    List<int[]> spans = merged(shot.clipSeconds(), caps);
    List<Segment> segments = new ArrayList<>();
    int start = 0;
    for (int[] span : spans) {
      int seconds = 0;
      for (int c = span[0]; c <= span[1]; c++) {
        seconds += shot.clipSeconds().get(c);
      }
      if (!within(seconds, caps.videoMinSeconds(), caps.videoMaxSeconds())) {
        why.add(takes + "; split at its clip boundaries it has a " + seconds + " s segment");
        return Optional.empty();
      }
      boolean speaks = shot.dialogueSeconds() == null || overlaps(shot, start, seconds);
      Audio audio = null;
      if (speaks && shot.dialogueSeconds() != null) {
        audio = piece(shot, start, seconds, caps);
        String problem = problem(audio, caps);
        if (problem != null) {
          why.add(caps.provider() + ": segment at " + start + " s: " + problem);
          return Optional.empty();
        }
      }
      segments.add(new Segment(span[0], span[1], start, seconds, speaks, audio));
      start += seconds;
    }
    return Optional.of(new LipSyncPlan(caps.provider(), false, segments));
  }

  /**
   * The clips as segments, each shorter than the provider's video minimum merged into its neighbour (the previous
   * one, else the next) when the merged segment stays within the maximum; {clip from, clip to} each.
   */
  private static List<int[]> merged(List<Integer> clips, LipSyncCapabilities caps) {
    List<int[]> spans = new ArrayList<>();
    List<Integer> seconds = new ArrayList<>();
    for (int c = 0; c < clips.size(); c++) {
      spans.add(new int[] {c, c});
      seconds.add(clips.get(c));
    }
    for (int i = 0; i < spans.size(); ) {
      if (seconds.get(i) >= caps.videoMinSeconds() || spans.size() == 1) {
        i++;
        continue;
      }
      int with = i > 0 && seconds.get(i - 1) + seconds.get(i) <= caps.videoMaxSeconds() ? i - 1
          : i + 1 < spans.size() && seconds.get(i + 1) + seconds.get(i) <= caps.videoMaxSeconds() ? i + 1 : -1;
      if (with < 0) {
        i++;
        continue;
      }
      int lo = Math.min(i, with);
      spans.set(lo, new int[] {spans.get(lo)[0], spans.get(lo + 1)[1]});
      seconds.set(lo, seconds.get(lo) + seconds.get(lo + 1));
      spans.remove(lo + 1);
      seconds.remove(lo + 1);
      i = lo;
    }
    return spans;
  }

  private static boolean overlaps(Shot shot, int start, int seconds) {
    double from = shot.dialogueStart();
    double to = from + shot.dialogueSeconds();
    return from < start + seconds - EPSILON && to > start + EPSILON;
  }

  /** The dialogue as heard from {@code start} for at most {@code seconds}, ending with the line, at least the minimum. */
  private static Audio piece(Shot shot, int start, int seconds, LipSyncCapabilities caps) {
    double offset = shot.dialogueStart() - start;
    double heard = Math.min(seconds, offset + shot.dialogueSeconds());
    return new Audio(offset, Math.max(heard, caps.audioMinSeconds()));
  }

  private static String problem(Audio audio, LipSyncCapabilities caps) {
    if (audio.seconds() > caps.audioMaxSeconds() + EPSILON) {
      return "its audio would be " + fmt(audio.seconds()) + " s, above the " + fmt(caps.audioMaxSeconds()) + " s limit";
    }
    if (audio.wavBytes() > caps.audioMaxBytes()) {
      return "its audio would be " + audio.wavBytes() + " bytes, above the " + caps.audioMaxBytes() + " byte limit";
    }
    return null;
  }

  private static boolean within(double seconds, double min, double max) {
    return seconds >= min && seconds <= max;
  }

  static String fmt(double seconds) {
    double rounded = Math.round(seconds * 100) / 100.0;
    return rounded == Math.rint(rounded) ? String.valueOf((long) rounded) : String.valueOf(rounded);
  }
}
