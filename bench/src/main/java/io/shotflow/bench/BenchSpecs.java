package io.shotflow.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shotflow.media.AssetRef;

/** The storyboards the benchmark submits, as the JSON a producer would post. */
final class BenchSpecs {

  private BenchSpecs() {}

  /**
   * {@code shots} independent shots through the whole pipeline: a generated start keyframe, a 5 s clip, one extend
   * step and a lip-synced dialogue line, every review automatic. Its longest chain is four provider jobs.
   */
  static ObjectNode fullPipeline(String title, int shots, AssetRef dialogue) {
    ObjectNode spec = base(title, "auto");
    ArrayNode list = spec.putArray("shots");
    for (int i = 1; i <= shots; i++) {
      ObjectNode shot = list.addObject().put("id", String.format("s%03d", i))
          .put("prompt", "Camera pushes in on object " + i).put("duration", 5);
      shot.putObject("start_frame").put("prompt", "Object " + i + " on a pedestal, studio light");
      shot.putArray("extend").addObject().put("prompt", "Slow orbit around object " + i);
      ObjectNode line = shot.putObject("dialogue").put("audio", dialogue.uri());
      line.putObject("lip_sync").put("provider", "local");
    }
    return spec;
  }

  /** Provider jobs on the longest dependency chain of {@link #fullPipeline}: keyframe, clip, extend, lip-sync. */
  static final int FULL_PIPELINE_CHAIN = 4;

  /** One shot whose generated start keyframe waits for a reviewer (what the API latency test reviews). */
  static ObjectNode keyframeReview(String title) {
    ObjectNode spec = base(title, "required");
    ObjectNode shot = spec.putArray("shots").addObject().put("id", "only").put("prompt", "Push in").put("duration", 5);
    shot.putObject("start_frame").put("prompt", "A closed box on a pedestal");
    return spec;
  }

  /** {@code shots} clips on {@code provider} from a given start image, no keyframe job: one provider job per shot. */
  static ObjectNode clipsOnly(String title, String provider, int shots, AssetRef startImage) {
    ObjectNode spec = base(title, "auto").put("provider", provider).put("tier", "standard").put("budget_usd", 100);
    ArrayNode list = spec.putArray("shots");
    for (int i = 1; i <= shots; i++) {
      ObjectNode shot = list.addObject().put("id", String.format("c%02d", i)).put("prompt", "Push in " + i)
          .put("duration", 5);
      shot.putObject("start_frame").put("image", startImage.uri());
    }
    return spec;
  }

  private static ObjectNode base(String title, String keyframeReview) {
    ObjectNode spec = BenchStack.JSON.createObjectNode().put("title", title).put("provider", "local");
    spec.putObject("review").put("keyframes", keyframeReview).put("clips", "auto").put("lip_sync", "auto");
    return spec;
  }
}
