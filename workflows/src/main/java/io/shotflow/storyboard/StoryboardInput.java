package io.shotflow.storyboard;

import io.shotflow.spec.StoryboardSpec;

/** A validated spec whose image and audio references are all {@code asset:} URIs. */
public record StoryboardInput(String storyboardId, StoryboardSpec spec) {}
