package io.shotflow.workflows.shot;

import io.shotflow.media.AssetRef;
import io.shotflow.provider.GenerationResult;
import io.shotflow.provider.ProviderCapabilities;
import io.shotflow.provider.ProviderCatalog;
import io.shotflow.shot.StoryboardSettings;
import io.shotflow.shot.Take;
import io.shotflow.spec.DialogueSpec;
import io.shotflow.spec.ExtendSpec;
import io.shotflow.spec.FrameSpec;
import io.shotflow.spec.LipSyncSpec;
import io.shotflow.spec.ReviewPolicy;
import io.shotflow.spec.ShotSpec;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/** Shots, settings and provider answers for the parts' tests: storyboard "sb", Kling 2.1 pro, 16:9 720p at 24 fps. */
final class Fixtures {

  static final String STORYBOARD = "sb";
  static final String MODEL = ProviderCatalog.KLING_V2_1;
  static final String TIER = "pro";
  static final List<String> PROVIDERS = List.of("kling", "fal", "wavespeed", "sync");
  static final ProviderCapabilities CAPABILITIES = ProviderCapabilities.snapshot(PROVIDERS, MODEL, TIER);

  private Fixtures() {}

  static ReviewPolicy review(String keyframes, String clips, String onDeadline) {
    return new ReviewPolicy(keyframes, clips, "auto", Duration.ofHours(1), onDeadline);
  }

  static StoryboardSettings settings(ReviewPolicy review, String... fallbacks) {
    return new StoryboardSettings("kling", MODEL, TIER, List.of(fallbacks), "16:9", 1280, 720, 24, review, null);
  }

  /** Shot "a": 5 s, two variants, a prompted start frame, one extend step, no dialogue. */
  static ShotSpec shot() {
    return new ShotSpec("a", "Camera pushes in", "blurry", 5, 2, new FrameSpec("A closed box", null, null), null,
        List.of(new ExtendSpec("Further in")), null);
  }

  static ShotSpec withDialogue(DialogueSpec dialogue) {
    ShotSpec shot = shot();
    return new ShotSpec(shot.id(), shot.prompt(), shot.negativePrompt(), shot.duration(), shot.variants(),
        shot.startFrame(), shot.endFrame(), shot.extend(), dialogue);
  }

  static DialogueSpec line(String text, String lipSyncProvider) {
    return new DialogueSpec(null, text, "en_AOT", null, null, new LipSyncSpec(lipSyncProvider), null);
  }

  static AssetRef image(String name) {
    return new AssetRef(name + ".png", "image/png");
  }

  static AssetRef video(String name) {
    return new AssetRef(name + ".mp4", "video/mp4");
  }

  static GenerationResult result(String provider, String jobId, String cost) {
    return new GenerationResult(video(jobId), provider, jobId, new BigDecimal(cost), 5.0, "video-" + jobId);
  }

  static Take take(String id, String provider, String outputVideoId) {
    return new Take(id, "clip:a", "clip", video(id), provider, "job-" + id, new BigDecimal("0.49"), "p", true, 1,
        provider, outputVideoId);
  }

  /** A submit or await whose retries ran out on a provider error of {@code type} ({@code ProviderError} name). */
  static ActivityFailure providerError(String type, String message) {
    return activityFailure(ApplicationFailure.newFailure(message, type));
  }

  static ActivityFailure timeout(TimeoutType type) {
    return activityFailure(new TimeoutFailure("timed out", null, type));
  }

  static ActivityFailure activityFailure(Throwable cause) {
    return new ActivityFailure("activity failed", 5, 6, "Submit", "1", RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
        "test", cause);
  }
}
