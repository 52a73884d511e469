package io.shotflow.testing;

import io.shotflow.media.AssetRef;
import io.shotflow.provider.GenerationKind;
import io.shotflow.provider.GenerationRequest;

/** Generation requests as the shot workflow builds them, small enough for fast tests. */
public final class Requests {

  private Requests() {}

  public static GenerationRequest keyframe(String shot, String which, String prompt) {
    return new GenerationRequest("sb-1/" + shot + "/keyframe:" + shot + ":" + which + "/1/1", "sb-1", shot,
        GenerationKind.KEYFRAME, "local", "kling-v2.1", "pro", prompt, null, 0, 320, 180, 24, "16:9",
        null, null, null, null, 1);
  }

  public static GenerationRequest clip(String shot, AssetRef start, AssetRef end, int seconds) {
    return new GenerationRequest("sb-1/" + shot + "/clip:" + shot + "/1/1", "sb-1", shot, GenerationKind.CLIP,
        "local", "kling-v2.1", "pro", "Camera pushes in", null, seconds, 320, 180, 24, "16:9",
        start, end, null, null, 1);
  }

  public static GenerationRequest extend(String shot, AssetRef lastFrame, int seconds) {
    return new GenerationRequest("sb-1/" + shot + "/extend:" + shot + ":1/1/1", "sb-1", shot, GenerationKind.EXTEND,
        "local", "kling-v2.1", "pro", "Slow orbit", null, seconds, 320, 180, 24, "16:9",
        lastFrame, null, null, null, 1);
  }

  public static GenerationRequest lipSync(String shot, AssetRef video, AssetRef audio) {
    return new GenerationRequest("sb-1/" + shot + "/lip_sync:" + shot + "/1/1", "sb-1", shot,
        GenerationKind.LIP_SYNC, "local", "kling-v2.1", "pro", null, null, 0, 320, 180, 24, "16:9",
        null, null, video, audio, 1);
  }
}
