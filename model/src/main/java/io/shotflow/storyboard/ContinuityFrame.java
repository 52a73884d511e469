package io.shotflow.storyboard;

import io.shotflow.media.AssetRef;

/** Sent by a shot to the storyboard once its clips are approved: later shots may start from this frame. */
public record ContinuityFrame(String shotId, AssetRef lastFrame) {}
