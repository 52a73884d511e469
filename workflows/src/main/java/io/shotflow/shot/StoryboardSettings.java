package io.shotflow.shot;

import io.shotflow.spec.ReviewPolicy;
import java.util.List;

/** The storyboard-wide settings every shot workflow needs. */
public record StoryboardSettings(
    String provider,
    String model,
    String tier,
    List<String> fallbackProviders,
    String aspectRatio,
    int width,
    int height,
    int fps,
    ReviewPolicy review) {}
