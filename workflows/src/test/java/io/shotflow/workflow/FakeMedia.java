package io.shotflow.workflow;

import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.media.AssetRef;
import io.shotflow.activity.MediaActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-memory media: last frames and joins are named after their inputs; assembly requests are recorded. */
final class FakeMedia implements MediaActivities {

  final List<AssetRef> lastFrameOf = new CopyOnWriteArrayList<>();
  final List<JoinRequest> joins = new CopyOnWriteArrayList<>();
  final List<AssemblyRequest> assemblies = new CopyOnWriteArrayList<>();
  final List<DialogueCut> cuts = new CopyOnWriteArrayList<>();
  /** What {@link #audioSeconds} measures every recording at. */
  volatile double dialogueSeconds = 4;
  /** When set, joins fail for good (a defect no retry fixes). */
  volatile boolean failJoins;

  static AssetRef lastFrame(AssetRef video) {
    return new AssetRef("last-" + video.id().replace('.', '-') + ".png", "image/png");
  }

  @Override
  public AssetRef extractLastFrame(AssetRef video) {
    lastFrameOf.add(video);
    return lastFrame(video);
  }

  @Override
  public AssetRef joinClips(JoinRequest request) {
    joins.add(request);
    if (failJoins) {
      throw ApplicationFailure.newNonRetryableFailure("cannot decode clip " + request.clips().get(0).id(), "MediaDecodeError");
    }
    return new AssetRef("joined-" + request.clips().size() + "-" + request.clips().get(0).id(), "video/mp4");
  }

  @Override
  public double audioSeconds(AssetRef audio) {
    return dialogueSeconds;
  }

  /** A piece is named after its recording and place: {@code cut-<recording>-<offset>-<seconds>.wav}. */
  @Override
  public AssetRef cutDialogue(DialogueCut request) {
    cuts.add(request);
    return new AssetRef("cut-" + request.audio().id().replace('.', '-') + "-" + request.offsetSeconds() + "-"
        + request.seconds() + ".wav", "audio/wav");
  }

  @Override
  public AssemblyResult assemble(AssemblyRequest request) {
    assemblies.add(request);
    double seconds = request.shots().stream().mapToInt(AssemblyRequest.Shot::durationSeconds).sum();
    return new AssemblyResult(new AssetRef("final.mp4", "video/mp4"), new AssetRef("timeline.otio", "application/vnd.opentimelineio+json"),
        new AssetRef("cut.edl", "text/plain"), new AssetRef("cut.fcpxml", "application/xml"),
        new AssetRef("contact-sheet.png", "image/png"), new AssetRef("manifest.json", "application/json"), seconds);
  }
}
