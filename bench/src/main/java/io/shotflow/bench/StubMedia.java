package io.shotflow.bench;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.shotflow.storyboard.AssemblyRequest;
import io.shotflow.storyboard.AssemblyResult;
import io.shotflow.media.AssetRef;
import io.shotflow.activity.MediaActivities;
import io.shotflow.activities.media.MediaActivitiesImpl;
import jakarta.inject.Singleton;

/**
 * The benchmark's media work, in place of the real one: every call answers the same constant-size asset at once, so
 * what is measured is orchestration, not encoding (the real media speed is {@code render_speed}).
 */
@Singleton
@Replaces(MediaActivitiesImpl.class)
@Requires(property = "shotflow.bench.enabled", value = "true")
public class StubMedia implements MediaActivities {

  private final BenchOutputs outputs;

  public StubMedia(BenchOutputs outputs) {
    this.outputs = outputs;
  }

  @Override
  public AssetRef extractLastFrame(AssetRef video) {
    return outputs.frameAsset();
  }

  @Override
  public AssetRef joinClips(JoinRequest request) {
    return outputs.clipAsset();
  }

  @Override
  public double audioSeconds(AssetRef audio) {
    return 4;
  }

  @Override
  public AssetRef cutDialogue(DialogueCut request) {
    return request.audio();
  }

  @Override
  public AssemblyResult assemble(AssemblyRequest request) {
    double seconds = request.shots().stream().mapToDouble(AssemblyRequest.Shot::durationSeconds).sum();
    AssetRef text = outputs.textAsset();
    return new AssemblyResult(outputs.clipAsset(), text, text, text, outputs.frameAsset(), text, seconds);
  }
}
