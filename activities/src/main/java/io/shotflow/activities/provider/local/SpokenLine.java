package io.shotflow.activities.provider.local;

import io.shotflow.activities.media.Ffmpeg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A line of text "spoken" without a speech engine: one syllable per vowel group but a word's silent final e (one per
 * character in CJK scripts) at a
 * conversational 4.5 syllables a second times {@code speed}, a pause after punctuation, each syllable a soft voiced
 * tone that swells and fades. Its loudness drives the lip-sync mouth like recorded dialogue does, and it is the sound
 * track, so the output has real audio of the line's plausible spoken length.
 */
final class SpokenLine {

  static final double SYLLABLES_PER_SECOND = 4.5;
  private static final double LEAD_IN_SECONDS = 0.2;
  private static final double PAUSE_SECONDS = 0.25;
  private static final double AMPLITUDE = 0.3;

  /** One syllable: where it sounds, its pitch, and how much of the text has been said once it starts. */
  private record Syllable(long start, long length, double pitch, int spokenChars) {}

  private final String text;
  private final int channels;
  private final List<Syllable> syllables = new ArrayList<>();
  private final long totalSamples;
  private long position;
  private int next;

  SpokenLine(String text, double speed, int channels) {
    this.text = text;
    this.channels = channels;
    double rate = Ffmpeg.SAMPLE_RATE;
    long syllable = Math.round(rate / (SYLLABLES_PER_SECOND * speed));
    long pause = Math.round(rate * PAUSE_SECONDS / speed);
    long at = Math.round(rate * LEAD_IN_SECONDS);
    boolean inVowels = false;
    boolean wordHasSyllable = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean vowel = "aeiouyAEIOUYàáâäèéêëìíîïòóôöùúûü".indexOf(c) >= 0;
      boolean ideograph = Character.isIdeographic(c);
      boolean silentE = (c == 'e' || c == 'E') && wordHasSyllable
          && (i + 1 == text.length() || !Character.isLetter(text.charAt(i + 1)));
      if ((vowel && !inVowels && !silentE) || ideograph) {
        syllables.add(new Syllable(at, syllable, pitch(syllables.size()), wordEnd(i)));
        at += syllable;
        wordHasSyllable = true;
      }
      inVowels = vowel;
      if (Character.isWhitespace(c) || ",.;:!?，。！？".indexOf(c) >= 0) {
        if (!wordHasSyllable && i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
          // a word without vowels ("hmm", "42") still takes a beat
          syllables.add(new Syllable(at, syllable, pitch(syllables.size()), i));
          at += syllable;
        }
        wordHasSyllable = false;
      }
      if (",.;:!?，。！？".indexOf(c) >= 0) {
        at += pause;
      }
    }
    if (!wordHasSyllable && !text.isEmpty() && Character.isLetterOrDigit(text.charAt(text.length() - 1))) {
      syllables.add(new Syllable(at, syllable, pitch(syllables.size()), text.length()));
      at += syllable;
    }
    this.totalSamples = at + pause;
  }

  /** How long the line takes to say. */
  double seconds() {
    return totalSamples / (double) Ffmpeg.SAMPLE_RATE;
  }

  String text() {
    return text;
  }

  /** How many characters of the text have been said by the time the samples read so far have played. */
  int spokenChars() {
    int spoken = 0;
    for (Syllable s : syllables) {
      if (s.start() > position) {
        break;
      }
      spoken = s.spokenChars();
    }
    return spoken;
  }

  /** Fills {@code frames} interleaved sample frames of {@code dst}: the voice, then silence once the line is said. */
  void read(float[] dst, int frames) {
    Arrays.fill(dst, 0, frames * channels, 0f);
    long end = position + frames;
    while (next < syllables.size() && syllables.get(next).start() + syllables.get(next).length() <= position) {
      next++;
    }
    for (int k = next; k < syllables.size() && syllables.get(k).start() < end; k++) {
      Syllable s = syllables.get(k);
      long from = Math.max(position, s.start());
      long to = Math.min(end, s.start() + s.length());
      for (long n = from; n < to; n++) {
        double t = (n - s.start()) / (double) s.length();
        double swell = Math.pow(Math.sin(Math.PI * t), 0.7);
        double phase = 2 * Math.PI * s.pitch() * n / Ffmpeg.SAMPLE_RATE;
        float sample = (float) (AMPLITUDE * swell * (0.8 * Math.sin(phase) + 0.2 * Math.sin(2 * phase)));
        int at = (int) (n - position) * channels;
        for (int ch = 0; ch < channels; ch++) {
          dst[at + ch] = sample;
        }
      }
    }
    position = end;
  }

  /** A gentle rise and fall of pitch around 150 Hz, so the line is not one flat note. */
  private static double pitch(int index) {
    return 150 + 18 * Math.sin(index * 0.9);
  }

  private int wordEnd(int from) {
    int i = from;
    while (i < text.length() && Character.isLetterOrDigit(text.charAt(i)) && !Character.isIdeographic(text.charAt(i))) {
      i++;
    }
    return Math.max(i, from + 1);
  }
}
