package io.shotflow.shot;

import io.shotflow.spec.ReviewPolicy;
import java.time.Duration;
import java.util.List;

/**
 * The storyboard-wide settings every shot workflow needs, as that shot runs them: {@code model} is the shot's own
 * ({@link io.shotflow.spec.StoryboardSpec#modelOf}), which every request of the shot carries. {@code providerQueueWait} is the storyboard's
 * {@link io.shotflow.storyboard.StoryboardInput#providerQueueWait()} (null: the default).
 */
public record StoryboardSettings(
    String provider,
    String model,
    String tier,
    List<String> fallbackProviders,
    String aspectRatio,
    int width,
    int height,
    int fps,
    ReviewPolicy review,
    Duration providerQueueWait) {}
