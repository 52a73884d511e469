package io.shotflow.activities.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shotflow.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pieces of a recording for lip-sync calls, measured on the decoded sound: where it is heard and for how long. */
class DialogueCutterTest {

  @TempDir
  Path dir;

  /** The piece's length and the first and last moment it is audible, in seconds. */
  private record Heard(double seconds, double from, double to) {}

  private static Heard heard(Path wav) throws Exception {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
      AudioFormat format = in.getFormat();
      assertEquals(48_000f, format.getSampleRate());
      assertEquals(1, format.getChannels(), "mono: the smallest piece a provider's size limit sees");
      byte[] pcm = in.readAllBytes();
      int first = -1;
      int last = -1;
      for (int i = 0; i < pcm.length / 2; i++) {
        int s = Math.abs((short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8)));
        if (s > 300) {
          first = first < 0 ? i : first;
          last = i;
        }
      }
      return new Heard(pcm.length / 2 / 48_000.0, first / 48_000.0, last / 48_000.0);
    }
  }

  @Test
  void aLineThatStartsLaterIsHeardAfterThatMuchSilence() throws Exception {
    Path line = TestMedia.wav(dir.resolve("line.wav"), 2.0, 44_100, 2);
    Path piece = dir.resolve("piece.wav");

    DialogueCutter.cut(line, 1.5, 5, piece);

    Heard heard = heard(piece);
    assertEquals(5.0, heard.seconds(), 1e-3);
    assertEquals(1.5, heard.from(), 0.02, "the line starts 1.5 s in");
    // the test line sounds in 0.2 s bursts every 0.4 s, the last ending 1.8 s in
    assertEquals(3.3, heard.to(), 0.02, "and ends with it; silence after, up to the piece's length");
  }

  @Test
  void aPieceThatBeginsIntoTheLineSkipsThatMuchAndIsPaddedToItsLength() throws Exception {
    Path line = TestMedia.wav(dir.resolve("line.wav"), 2.0, 48_000, 1);
    Path piece = dir.resolve("piece.wav");

    DialogueCutter.cut(line, -1.2, 2, piece);

    Heard heard = heard(piece);
    assertEquals(2.0, heard.seconds(), 1e-3, "padded to the provider's 2 s minimum");
    assertEquals(0.0, heard.from(), 0.02);
    assertEquals(0.6, heard.to(), 0.02, "the line from 1.2 s (its last burst ends at 1.8 s), then silence");
  }

  @Test
  void aPieceNeedsAPositiveLength() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> DialogueCutter.cut(dir.resolve("none.wav"), 0, 0, dir.resolve("piece.wav")));
  }
}
