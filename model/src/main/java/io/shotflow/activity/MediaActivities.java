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

  /** Normalises and concatenates the shots into the final cut and writes the editor exports. */
  AssemblyResult assemble(AssemblyRequest request);

  record JoinRequest(List<AssetRef> clips, VideoFormat format) {}
}
