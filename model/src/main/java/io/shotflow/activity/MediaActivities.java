package io.shotflow.activity;

import io.temporal.activity.ActivityInterface;
import java.util.List;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.media.AssetRef;
import io.shotflow.media.VideoFormat;

/** Media work that is not a provider call; runs on the media task queue. */
@ActivityInterface
public interface MediaActivities {

  /** The last decoded frame of a video as a PNG asset (for extend steps and {@code from} continuity). */
  AssetRef extractLastFrame(AssetRef video);

  /** Concatenates a shot's approved clip and extend clips into one video in {@code format}. */
  AssetRef joinClips(JoinRequest request);

  /** The length of a recording's audio in seconds (a shot's dialogue, to plan its lip-sync). */
  double audioSeconds(AssetRef audio);

  /**
   * A piece of a recording for one lip-sync call, as a 16-bit mono WAV at 48 kHz: {@code seconds} long, the recording
   * starting {@code offsetSeconds} after the piece's start (silence before it, and after it ends) or, when negative,
   * that far into the recording.
   */
  AssetRef cutDialogue(DialogueCut request);

  /** Normalises and concatenates the shots into the final cut and writes the editor exports. */
  AssemblyResult assemble(AssemblyRequest request);

  record JoinRequest(List<AssetRef> clips, VideoFormat format) {}

  record DialogueCut(AssetRef audio, double offsetSeconds, double seconds) {}
}
