package io.shotflow.storyboard;

import io.shotflow.media.AssetRef;

/** Sent by a shot to the storyboard once its start keyframe is approved: a shot that ends on it may start. */
public record StartKeyframe(String shotId, AssetRef keyframe) {}
